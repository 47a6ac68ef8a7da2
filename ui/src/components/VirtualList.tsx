// A list that draws only the rows in view, inside a scrolling element it shares with other content
// (the explorer's page: a description above, another list below). Which rows those are, their
// measured heights and the offset of the list in the scroller are @tanstack/virtual-core's; short
// lists are drawn whole, as plain lists.

import { elementScroll, observeElementOffset, Virtualizer, type VirtualItem } from "@tanstack/virtual-core";
import { createEffect, createSignal, For, type JSX, onCleanup, onMount, Show } from "solid-js";

/**
 * Lists this long or shorter are drawn whole: fewer rows than a pane shows. Longer lists drawn
 * whole cost a page a frame (bench/app: `Query`'s 30 fields with their arguments, 7 ms; drawn as
 * a virtual list, the 14 in view and the overscan).
 */
export const drawnWhole = 16;

export interface VirtualListProps<T> {
  id?: string;
  class?: string;
  /** The list's role and name, for a list that is a listbox (search results). */
  role?: "listbox";
  label?: string;
  items: readonly T[];
  /** The element that scrolls (an ancestor of the list). */
  scroller: () => HTMLElement | undefined;
  /** A row's height before it is measured (close estimates draw fewer rows out of view). */
  estimate: number | ((item: T) => number);
  children: (item: T, index: number) => JSX.Element;
  /** How far into the scroller's content the list is expected to start, until it is laid out. */
  estimatedStart?: number;
  /** Scrolls row `index` into view when it changes to a number. */
  scrollTo?: number | null;
  /**
   * Rows added are drawn where the scroller is about to be, at the end (a log's autoscroll, which
   * scrolls there after): not first where it was.
   */
  followEnd?: boolean;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  return (
    <Show
      when={props.items.length > drawnWhole}
      fallback={
        <ul id={props.id} class={props.class} role={props.role} aria-label={props.label}>
          <For each={props.items}>{(item, index) => props.children(item, index())}</For>
        </ul>
      }
    >
      <LongList {...props} />
    </Show>
  );
}

/** Each scroller's size as last read after a layout. */
const knownSizes = new WeakMap<HTMLElement, { width: number; height: number }>();

/**
 * Geometry is read only where the layout is already done: in resize observers (after layout, before
 * paint) and on scroll. A list is first drawn from estimates (the scroller at the top, the list at
 * `estimatedStart`, the scroller's last known height in view) with its rows in the flow, so that frame needs no
 * layout of its own before it paints; once laid out, the list takes its scroller (whose size and
 * offset it then reads) and the observers correct what the estimates missed, all before the frame
 * is painted. Reading heights and offsets as a list was drawn forced a layout of the whole page
 * each time (bench/app: an explorer page's work 12 → 29 ms for `Mutation`).
 */
function LongList<T>(props: VirtualListProps<T>) {
  let list!: HTMLUListElement;
  const [rows, setRows] = createSignal<VirtualItem[]>([]);
  const [total, setTotal] = createSignal(0);
  /** Whether the list has been laid out (and its virtualizer given the scroller). */
  let laidOut = false;
  /** Tells the virtualizer where the scroller is now (after a scroll it made itself). */
  let reportOffset: ((offset: number, isScrolling: boolean) => void) | null = null;
  const virtualizer = new Virtualizer<HTMLElement, HTMLDivElement>({
    count: props.items.length,
    getScrollElement: () => (laidOut ? props.scroller() ?? null : null),
    estimateSize: (index) => (typeof props.estimate === "number" ? props.estimate : props.estimate(props.items[index])),
    overscan: 3,
    scrollMargin: props.estimatedStart ?? 0,
    // The scroller's size when a list in it last read it (or the window's): a pane's height rarely
    // changes between two pages.
    initialRect: (props.scroller() && knownSizes.get(props.scroller()!)) || { width: 0, height: window.innerHeight },
    scrollToFn: elementScroll,
    // Both are called once the list is laid out, so their first reads are free.
    observeElementRect: (instance, report) => {
      const element = instance.scrollElement;
      if (!element) return;
      const size = () => {
        const rect = { width: element.clientWidth, height: element.clientHeight };
        knownSizes.set(element, rect);
        report(rect);
      };
      size();
      const observer = new ResizeObserver(size);
      observer.observe(element);
      return () => observer.disconnect();
    },
    observeElementOffset: (instance, report) => {
      const element = instance.scrollElement;
      if (!element) return;
      reportOffset = report;
      report(element.scrollTop, false);
      return observeElementOffset(instance, report);
    },
    // A row's height from its resize observer's entry (after layout); until then, as estimated.
    measureElement: (element, entry, instance) =>
      entry?.borderBoxSize?.[0]?.blockSize ?? instance.itemSizeCache.get(instance.indexFromElement(element)) ?? instance.options.estimateSize(instance.indexFromElement(element)),
    // Every change (a scroll, rows measured) is drawn once, after the others of the same turn.
    onChange: () => {
      if (drawDue) return;
      drawDue = true;
      queueMicrotask(draw);
    },
  });
  let drawDue = false;
  function draw(): void {
    drawDue = false;
    setRows(virtualizer.getVirtualItems());
    setTotal(virtualizer.getTotalSize());
  }
  /** The row to bring into view once the list can scroll. */
  let scrollWanted: number | null = null;
  const scrollToWanted = () => {
    if (!laidOut || scrollWanted === null) return;
    const wanted = scrollWanted;
    scrollWanted = null;
    // A row in view already stays where it is: a scroll written lays the page out at once.
    const inView = virtualizer.range;
    if (inView && ((wanted > inView.startIndex && wanted < inView.endIndex) || (wanted === 0 && (virtualizer.scrollOffset ?? 0) === 0))) return;
    virtualizer.scrollToIndex(wanted, { align: "center" });
    const scroller = props.scroller();
    if (scroller) reportOffset?.(scroller.scrollTop, false);
  };
  /** After each layout of the list: its scroller taken at the first, its place in it read. */
  const laidOutNow = () => {
    const scroller = props.scroller();
    if (!scroller || !list.isConnected) return;
    if (!laidOut) {
      laidOut = true;
      virtualizer._willUpdate();
    }
    const margin = Math.round(list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
    if (margin !== virtualizer.options.scrollMargin) {
      virtualizer.setOptions({ ...virtualizer.options, scrollMargin: margin });
      draw();
    }
    // The scroller may have moved without a scroll event (clamped as the content shrank, by a
    // filter say): the rows drawn must be those where it is.
    if (Math.abs((virtualizer.scrollOffset ?? 0) - scroller.scrollTop) > 1) reportOffset?.(scroller.scrollTop, false);
    scrollToWanted();
  };
  const update = () => {
    virtualizer.setOptions({ ...virtualizer.options, count: props.items.length });
    virtualizer._willUpdate();
    if (props.followEnd) toTheEnd();
    draw();
  };
  /**
   * Tells the virtualizer the scroller is at the list's end, from the sizes it knows (the scroller's
   * from its last layout): a stream's new rows were drawn where the view had been, then again at the
   * end once it had scrolled there, two layouts and a set of rows thrown away at every batch.
   */
  const toTheEnd = () => {
    const scroller = props.scroller();
    const height = scroller && knownSizes.get(scroller)?.height;
    if (!laidOut || !height) return;
    const end = virtualizer.options.scrollMargin + virtualizer.getTotalSize() - height;
    if (end > (virtualizer.scrollOffset ?? 0)) reportOffset?.(end, false);
  };
  onMount(() => {
    const unmount = virtualizer._didMount();
    update();
    // The list's place moves when what is above it changes: read after its layouts (a change of
    // its size or of its scroller's) and on scroll (content above may have opened or closed
    // meanwhile).
    const placed = new ResizeObserver(laidOutNow);
    placed.observe(list);
    const scroller = props.scroller();
    if (scroller) placed.observe(scroller);
    scroller?.addEventListener("scroll", laidOutNow, { passive: true });
    onCleanup(() => {
      placed.disconnect();
      scroller?.removeEventListener("scroll", laidOutNow);
      unmount();
    });
  });
  createEffect(() => {
    void props.items.length;
    update();
  });
  createEffect(() => {
    const index = props.scrollTo;
    if (index === null || index === undefined || index < 0) return;
    scrollWanted = index;
    queueMicrotask(scrollToWanted);
  });
  // The rows stay in the flow between two spacers: what is above them and what is below.
  // (Rows are placed in the scroller's content, `scrollMargin` past the list's start.)
  const above = () => Math.max(0, (rows()[0]?.start ?? virtualizer.options.scrollMargin) - virtualizer.options.scrollMargin);
  const below = () => Math.max(0, total() - ((rows().at(-1)?.end ?? virtualizer.options.scrollMargin) - virtualizer.options.scrollMargin));
  const measure = (element: HTMLDivElement) => queueMicrotask(() => virtualizer.measureElement(element));

  return (
    <ul id={props.id} class={props.class} role={props.role} aria-label={props.label} ref={list} style={{ "padding-top": `${above()}px`, "padding-bottom": `${below()}px` }}>
      {/* Keyed by item: a row that stays in view keeps its elements while the list scrolls, and
          one whose place changed (the oldest events let go, new search results) is not stale. */}
      <For each={rows().map((row) => props.items[row.index])}>
        {(item, at) => {
          const index = () => rows()[at()]?.index ?? 0;
          return (
            <div role="presentation" class="virtual-row" data-index={index()} ref={measure}>
              {props.children(item, index())}
            </div>
          );
        }}
      </For>
    </ul>
  );
}
