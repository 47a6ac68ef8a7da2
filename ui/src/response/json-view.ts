// A read-only JSON viewer that renders only the lines on screen, so that a 20 MB response costs
// one pretty-print and a few dozen DOM rows, not a million. Every line is built from text nodes:
// response bodies are untrusted.

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

/** The text laid out one value per line: pretty-printed when it is JSON, as it came otherwise. */
export function layOut(text: string): string[] {
  try {
    return prettyLines(JSON.parse(text));
  } catch {
    return text.split(/\r?\n/);
  }
}

export function prettyLines(value: unknown): string[] {
  return (JSON.stringify(value, null, 2) ?? "").split("\n");
}

export class JsonView {
  private readonly spacer: HTMLDivElement;
  private readonly rows: HTMLDivElement;
  private lines: string[] = [];
  private renderedFrom = -1;
  private renderedTo = -1;
  private frame = 0;

  constructor(private readonly scroller: HTMLElement) {
    scroller.classList.add("json-view");
    this.spacer = document.createElement("div");
    this.spacer.className = "json-view-spacer";
    this.rows = document.createElement("div");
    this.rows.className = "json-view-rows";
    this.spacer.append(this.rows);
    scroller.replaceChildren(this.spacer);
    scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(scroller);
  }

  /** Shows `lines` (see `layOut`) from the top. */
  show(lines: string[]): void {
    this.lines = lines;
    let widest = 0;
    for (const line of lines) widest = Math.max(widest, line.length);
    this.spacer.style.height = `${lines.length * lineHeightPx}px`;
    this.spacer.style.width = `calc(${widest}ch + 2em)`;
    this.scroller.scrollTop = 0;
    this.renderedFrom = this.renderedTo = -1;
    this.render();
  }

  get lineCount(): number {
    return this.lines.length;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / lineHeightPx) - overscan);
    const visible = Math.ceil(this.scroller.clientHeight / lineHeightPx) + 2 * overscan;
    const last = Math.min(this.lines.length, first + visible);
    if (first === this.renderedFrom && last === this.renderedTo) return;
    this.renderedFrom = first;
    this.renderedTo = last;
    const fragment = document.createDocumentFragment();
    for (let index = first; index < last; index++) {
      const row = document.createElement("div");
      row.className = "json-line";
      for (const [text, tokenClass] of tokenizeLine(this.lines[index])) {
        if (tokenClass === null) {
          row.append(text);
        } else {
          const span = document.createElement("span");
          span.className = `json-${tokenClass}`;
          span.textContent = text;
          row.append(span);
        }
      }
      fragment.append(row);
    }
    this.rows.style.transform = `translateY(${first * lineHeightPx}px)`;
    this.rows.replaceChildren(fragment);
  }
}
