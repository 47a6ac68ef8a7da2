// A read-only JSON viewer that renders only the lines on screen, so that a 20 MB response costs
// one pretty-print and a few dozen DOM rows, not a million. Which lines those are (scroll position,
// size changes, overscan, scrolling to a line) is @tanstack/virtual-core's; fetching them and
// drawing them is this file's. Every line is built from text nodes: response bodies are untrusted.

import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from "@tanstack/virtual-core";

/** Must match `--json-line-height` in styles.css. */
const lineHeightPx = 18;
/** Rows rendered above and below the visible ones, so that scrolling does not flash. */
const overscan = 20;

type TokenClass = "key" | "string" | "number" | "atom" | "punctuation" | null;

/** Splits one pretty-printed line into highlighted pieces; anything unexpected is plain text. */
export function tokenizeLine(line: string): [string, TokenClass][] {
  const pieces: [string, TokenClass][] = [];
  const pattern = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])|(\s+)|([^\s"{}[\],:]+)/g;
  for (const match of line.matchAll(pattern)) {
    const [, string, colon, number, atom, punctuation, space, other] = match;
    if (string !== undefined) {
      pieces.push([string, colon !== undefined ? "key" : "string"]);
      if (colon !== undefined) pieces.push([colon, "punctuation"]);
    } else if (number !== undefined) pieces.push([number, "number"]);
    else if (atom !== undefined) pieces.push([atom, "atom"]);
    else if (punctuation !== undefined) pieces.push([punctuation, "punctuation"]);
    else pieces.push([space ?? other ?? "", null]);
  }
  return pieces;
}

/** Lines kept elsewhere (the Rust side holds a response's lines), fetched a range at a time. */
export interface LineSource {
  readonly count: number;
  fetch(from: number, to: number): Promise<string[]>;
}

/** A source over lines already in hand. */
export function linesInHand(lines: string[]): LineSource {
  return { count: lines.length, fetch: async (from, to) => lines.slice(from, to) };
}

/** Lines are fetched in chunks of this many. */
const chunkLines = 256;

export class JsonView {
  private readonly spacer: HTMLDivElement;
  private readonly rows: HTMLDivElement;
  private source: LineSource = linesInHand([]);
  private chunks = new Map<number, string[] | Promise<void>>();
  private widest = 0;
  private renderedFrom = -1;
  private renderedTo = -1;
  private frame = 0;
  private readonly lines: Virtualizer<HTMLElement, HTMLDivElement>;
  /** The line Find points at, drawn marked; -1 for none. */
  private marked = -1;

  constructor(private readonly scroller: HTMLElement) {
    scroller.classList.add("json-view");
    this.spacer = document.createElement("div");
    this.spacer.className = "json-view-spacer";
    this.rows = document.createElement("div");
    this.rows.className = "json-view-rows";
    this.spacer.append(this.rows);
    scroller.replaceChildren(this.spacer);
    this.lines = new Virtualizer<HTMLElement, HTMLDivElement>({
      count: 0,
      getScrollElement: () => scroller,
      // Every line has the same height: nothing is measured.
      estimateSize: () => lineHeightPx,
      overscan,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      // Scrolling and resizing: drawn in the next frame, once however many events came.
      onChange: () => this.schedule(),
    });
    this.lines._didMount();
    this.lines._willUpdate();
  }

  /** Shows the source's lines from the top. */
  show(source: LineSource): void {
    this.source = source;
    this.chunks = new Map();
    this.widest = 0;
    this.lines.setOptions({ ...this.lines.options, count: source.count });
    this.lines._willUpdate();
    this.spacer.style.height = `${this.lines.getTotalSize()}px`;
    this.spacer.style.width = "auto";
    this.scroller.scrollTop = 0;
    this.marked = -1;
    this.renderedFrom = this.renderedTo = -1;
    this.render();
  }

  /** Marks line `index` (or none) and scrolls it to the middle if it is not in view. */
  mark(index: number | null): void {
    this.marked = index ?? -1;
    if (index !== null) {
      const top = index * lineHeightPx;
      const { scrollTop, clientHeight } = this.scroller;
      if (top < scrollTop || top + lineHeightPx > scrollTop + clientHeight) this.lines.scrollToIndex(index, { align: "center" });
    }
    this.renderedFrom = this.renderedTo = -1;
    this.render();
  }

  get lineCount(): number {
    return this.source.count;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** The line if its chunk is here; otherwise asks for the chunk and answers `null` for now. */
  private line(index: number): string | null {
    const chunk = Math.floor(index / chunkLines);
    const held = this.chunks.get(chunk);
    if (Array.isArray(held)) return held[index - chunk * chunkLines] ?? "";
    if (held === undefined) {
      const source = this.source;
      const from = chunk * chunkLines;
      this.chunks.set(chunk, source.fetch(from, Math.min(source.count, from + chunkLines)).then(
        (lines) => {
          if (source !== this.source) return; // A newer response replaced this one.
          this.chunks.set(chunk, lines);
          this.renderedFrom = this.renderedTo = -1;
          this.schedule();
        },
        () => { if (source === this.source) this.chunks.delete(chunk); },
      ));
    }
    return null;
  }

  private render(): void {
    const items = this.lines.getVirtualItems();
    const first = items.length > 0 ? items[0].index : 0;
    const last = items.length > 0 ? items[items.length - 1].index + 1 : 0;
    if (first === this.renderedFrom && last === this.renderedTo) return;
    let complete = true;
    const fragment = document.createDocumentFragment();
    for (let index = first; index < last; index++) {
      const row = document.createElement("div");
      row.className = "json-line";
      if (index === this.marked) row.classList.add("json-found");
      const line = this.line(index);
      if (line === null) {
        complete = false;
        row.classList.add("json-pending");
      } else {
        this.widest = Math.max(this.widest, line.length);
        for (const [text, tokenClass] of tokenizeLine(line)) {
          if (tokenClass === null) {
            row.append(text);
          } else {
            const span = document.createElement("span");
            span.className = `json-${tokenClass}`;
            span.textContent = text;
            row.append(span);
          }
        }
      }
      fragment.append(row);
    }
    // Rows still arriving are drawn again when they do.
    if (complete) {
      this.renderedFrom = first;
      this.renderedTo = last;
    }
    this.spacer.style.width = `calc(${this.widest}ch + 2em)`;
    this.rows.style.transform = `translateY(${first * lineHeightPx}px)`;
    this.rows.replaceChildren(fragment);
  }
}
