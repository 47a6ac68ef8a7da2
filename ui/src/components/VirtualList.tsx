// A list that draws only the rows in view, inside a scrolling element it shares with other content
// (the explorer's page: a description above, another list below). Which rows those are, their
// measured heights and the offset of the list in the scroller are @tanstack/virtual-core's; short
// lists are drawn whole, as plain lists.

import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualItem } from "@tanstack/virtual-core";
import { createEffect, createMemo, createSignal, For, type JSX, onCleanup, onMount, Show } from "solid-js";

/** Lists this long or shorter are drawn whole. */
export const drawnWhole = 80;

export interface VirtualListProps<T> {
  id?: string;
  class?: string;
  items: readonly T[];
  /** The element that scrolls (an ancestor of the list). */
  scroller: () => HTMLElement | undefined;
  /** A row's height before it is measured. */
  estimate: number;
  children: (item: T, index: number) => JSX.Element;
  /** Scrolls row `index` into view when it changes to a number. */
  scrollTo?: number | null;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  return (
    <Show
      when={props.items.length > drawnWhole}
      fallback={
        <ul id={props.id} class={props.class}>
          <For each={props.items}>{(item, index) => props.children(item, index())}</For>
        </ul>
      }
    >
      <LongList {...props} />
    </Show>
  );
}

function LongList<T>(props: VirtualListProps<T>) {
  let list!: HTMLUListElement;
  const [rows, setRows] = createSignal<VirtualItem[]>([]);
  const [total, setTotal] = createSignal(0);
  const starts = createMemo(() => new Map(rows().map((row) => [row.index, row.start])));
  /** Where the list starts in the scroller's content. */
  const margin = () => {
    const scroller = props.scroller();
    if (!scroller) return 0;
    return list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
  };
  const virtualizer = new Virtualizer<HTMLElement, HTMLLIElement>({
    count: props.items.length,
    getScrollElement: () => props.scroller() ?? null,
    estimateSize: () => props.estimate,
    overscan: 8,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    measureElement: (element) => element.getBoundingClientRect().height,
    // Every change (a scroll, a row measured) is drawn once, after the others of the same turn:
    // drawing after each measurement would lay the page out again for every row.
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
  /** Rows drawn since the last measurement: measured together, all reads before any write. */
  let unmeasured: HTMLElement[] = [];
  const measureLater = (element: HTMLElement) => {
    if (unmeasured.push(element) > 1) return;
    queueMicrotask(() => {
      const rows = unmeasured.filter((row) => row.isConnected);
      unmeasured = [];
      for (const row of rows) virtualizer.measureElement(row as unknown as HTMLLIElement);
    });
  };
  const update = () => {
    virtualizer.setOptions({ ...virtualizer.options, count: props.items.length, scrollMargin: margin() });
    virtualizer._willUpdate();
    setRows(virtualizer.getVirtualItems());
    setTotal(virtualizer.getTotalSize());
  };
  onMount(() => {
    const unmount = virtualizer._didMount();
    update();
    onCleanup(unmount);
  });
  createEffect(() => {
    void props.items.length;
    update();
  });
  createEffect(() => {
    const index = props.scrollTo;
    if (index !== null && index !== undefined && index >= 0) queueMicrotask(() => virtualizer.scrollToIndex(index, { align: "center" }));
  });

  return (
    <ul id={props.id} class={props.class} ref={list} style={{ position: "relative", height: `${total()}px` }}>
      {/* Keyed by index: a row that stays in view keeps its elements while the list scrolls. */}
      <For each={rows().map((row) => row.index)}>
        {(index) => (
          <div
            role="presentation"
            data-index={index}
            ref={measureLater}
            style={{ position: "absolute", top: "0", left: "0", right: "0", transform: `translateY(${(starts().get(index) ?? 0) - virtualizer.options.scrollMargin}px)` }}
          >
            {props.children(props.items[index], index)}
          </div>
        )}
      </For>
    </ul>
  );
}
