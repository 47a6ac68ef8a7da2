// The rate-limit panel of the current endpoint and profile: limit and remaining (a gauge), a
// countdown to the reset, the recent requests with the budget each left, and the gate: while the
// server's Retry-After is in force (or the budget is used up) Run is disabled with a countdown,
// and "Send anyway" sends once. The numbers come from the Rust side's budget book, which keeps them
// across restarts.

import type { RateLimitShown } from "./ipc";
import { describeAge } from "./schema-status";
import { element } from "./dom";


/** "42 s", "3 min 5 s", "1 h 2 min". */
export function describeCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export class RateLimitPanel {
  private shown: RateLimitShown | null = null;
  private timer = 0;

  /** `onGateChange(closed)` is told when Run must be disabled or may be enabled again. */
  constructor(private readonly onGateChange: (closed: boolean) => void) {}

  /** The gate's end, when it is closed now. */
  closedUntil(): number | null {
    const gate = this.shown?.gate;
    return gate?.kind === "closed" && gate.untilUnixMs > Date.now() ? gate.untilUnixMs : null;
  }

  show(shown: RateLimitShown | null, warning: string | null = null): void {
    this.shown = shown;
    const known = shown !== null && shown.remaining !== null;
    element("rate-limit-budget").hidden = known;
    element("rate-limit-budget").textContent = shown === null
      ? "No requests sent yet."
      : "The server sent no rate-limit headers.";
    element("rate-limit-known").hidden = !known;
    if (shown && shown.remaining !== null) {
      const remaining = element("rate-limit-remaining");
      remaining.dataset.remaining = String(shown.remaining);
      remaining.dataset.limit = shown.limit === null ? "" : String(shown.limit);
      remaining.textContent = shown.limit === null
        ? `${shown.remaining} left`
        : `${shown.remaining} of ${shown.limit} left${shown.resource ? ` (${shown.resource})` : ""}`;
      const gauge = element<HTMLMeterElement>("rate-limit-gauge");
      gauge.value = shown.limit ? shown.remaining / shown.limit : shown.remaining > 0 ? 1 : 0;
    }
    // The warning's numbers are the panel's own (and its "resets in" would not tick): said in
    // words only, the countdown below is the one that counts.
    const warned = element("rate-limit-warning");
    warned.textContent = warning ? "Few requests left in this window." : "";
    warned.title = warning ?? "";
    warned.hidden = !warning;
    const clamp = element("rate-limit-clamp");
    clamp.textContent = shown?.clampNote ?? "";
    clamp.hidden = !shown?.clampNote;

    element("rate-limit-recent").replaceChildren(
      ...(shown?.recent ?? []).map((request) => {
        const item = document.createElement("li");
        const status = document.createElement("span");
        status.className = "badge";
        status.dataset.ok = String(request.status >= 200 && request.status < 300);
        status.textContent = String(request.status);
        const left = request.remaining === null ? "budget not reported" : `${request.remaining} left`;
        item.append(status, ` ${left} · ${describeAge(request.atUnixMs, Date.now())}`);
        item.title = new Date(request.atUnixMs).toLocaleString();
        return item;
      }),
    );
    this.tick();
  }

  /**
   * Redraws the one countdown (the gate's while it is closed, else the window's reset); opens the
   * gate when its time has come; once the window has reset, its old count is no longer shown.
   */
  private tick(): void {
    clearTimeout(this.timer);
    const shown = this.shown;
    const now = Date.now();
    const until = this.closedUntil();
    const reset = element("rate-limit-reset");
    const resetAt = shown?.resetAtUnixMs ?? null;
    const remaining = element("rate-limit-remaining");
    const windowOver = resetAt !== null && resetAt <= now && shown?.remaining !== null;
    remaining.dataset.windowReset = String(windowOver);
    if (windowOver && shown) {
      remaining.textContent = shown.limit === null
        ? "The window has reset: the next answer says how many are left"
        : `The window has reset: ${shown.limit} expected (the next answer says)`;
      element<HTMLMeterElement>("rate-limit-gauge").value = 1;
      reset.textContent = `reset at ${new Date(resetAt).toLocaleTimeString()}`;
    } else {
      reset.textContent = until === null && resetAt !== null && resetAt > now ? `resets in ${describeCountdown(resetAt - now)}` : "";
    }
    element("rate-limit-closed").hidden = until === null;
    if (until !== null && shown?.gate.kind === "closed") {
      const why = shown.gate.reason === "retryAfter" ? "The server asked to wait" : "The budget is used up";
      element("rate-limit-retry").textContent = `${why}: retry after ${describeCountdown(until - now)}`;
    }
    this.onGateChange(until !== null);
    // Ticks until the gate opens and the window resets (then once more, to say it has).
    if (until !== null || (resetAt !== null && resetAt > now - 1000)) {
      this.timer = window.setTimeout(() => this.tick(), 1000 - (now % 1000) + 5);
    }
  }
}
