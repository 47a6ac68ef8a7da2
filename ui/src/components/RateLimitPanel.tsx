// The rate-limit panel of the current endpoint and profile: limit and remaining (a gauge), a
// countdown to the reset, the recent requests with the budget each left, and the gate: while the
// server's Retry-After is in force (or the budget is used up) Run is disabled with a countdown,
// and "Send anyway" sends once. The numbers come from the Rust side's budget book, which keeps them
// across restarts; the clock that counts down is the caller's (`now`).

import { type Accessor, createEffect, createSignal, For, onCleanup } from "solid-js";

import { describeAge, describeCountdown } from "../format";
import type { RateLimitShown } from "../ipc";

/** What the panel shows: the budget the Rust side answered, and its warning after a Run. */
export interface Budget {
  shown: RateLimitShown | null;
  warning: string | null;
}

/** The gate's end, when it is closed at `now`. */
export function closedUntil(shown: RateLimitShown | null, now: number): number | null {
  const gate = shown?.gate;
  return gate?.kind === "closed" && gate.untilUnixMs > now ? gate.untilUnixMs : null;
}

/** Whether the panel's countdowns still change: until the gate opens and the window resets (and a second after, to say it has). */
export function ticking(shown: RateLimitShown | null, now: number): boolean {
  const resetAt = shown?.resetAtUnixMs ?? null;
  return closedUntil(shown, now) !== null || (resetAt !== null && resetAt > now - 1000);
}

/**
 * The time, ticking once a second (on the second) while `active(now)` holds; `restart()` reads
 * the clock at once (a new budget must not be judged by a time from before it came).
 */
export function createClock(active: (now: number) => boolean): { now: Accessor<number>; restart(): void } {
  const [now, setNow] = createSignal(Date.now());
  let timer = 0;
  createEffect(() => {
    const at = now();
    window.clearTimeout(timer);
    if (active(at)) timer = window.setTimeout(() => setNow(Date.now()), 1000 - (at % 1000) + 5);
  });
  onCleanup(() => window.clearTimeout(timer));
  return { now, restart: () => setNow(Date.now()) };
}

export function RateLimitPanel(props: { budget: Budget; now: number; sendAnyway(): void }) {
  const shown = () => props.budget.shown;
  const known = () => shown() !== null && shown()!.remaining !== null;
  const until = () => closedUntil(shown(), props.now);
  const resetAt = () => shown()?.resetAtUnixMs ?? null;
  /** Once the window has reset, its old count is no longer shown. */
  const windowOver = () => known() && resetAt() !== null && resetAt()! <= props.now;
  const remainingText = () => {
    const budget = shown();
    if (!budget || budget.remaining === null) return "";
    if (windowOver()) {
      return budget.limit === null
        ? "The window has reset: the next answer says how many are left"
        : `The window has reset: ${budget.limit} expected (the next answer says)`;
    }
    return budget.limit === null
      ? `${budget.remaining} left`
      : `${budget.remaining} of ${budget.limit} left${budget.resource ? ` (${budget.resource})` : ""}`;
  };
  const gauge = () => {
    const budget = shown();
    if (!budget || budget.remaining === null || windowOver()) return 1;
    return budget.limit ? budget.remaining / budget.limit : budget.remaining > 0 ? 1 : 0;
  };
  // One countdown at a time: the gate's while it is closed, else the window's reset.
  const resetText = () => {
    const at = resetAt();
    if (at === null) return "";
    if (windowOver()) return `reset at ${new Date(at).toLocaleTimeString()}`;
    return until() === null && at > props.now ? `resets in ${describeCountdown(at - props.now)}` : "";
  };
  const retryText = () => {
    const gate = shown()?.gate;
    const end = until();
    if (end === null || gate?.kind !== "closed") return "";
    const why = gate.reason === "retryAfter" ? "The server asked to wait" : "The budget is used up";
    return `${why}: retry after ${describeCountdown(end - props.now)}`;
  };

  return (
    <aside id="rate-limit" aria-label="Rate limit">
      <h2>Rate limit</h2>
      <p id="rate-limit-budget" class="placeholder" hidden={known()}>
        {shown() === null ? "No requests sent yet." : "The server sent no rate-limit headers."}
      </p>
      <div id="rate-limit-known" hidden={!known()}>
        <meter id="rate-limit-gauge" min="0" max="1" low="0.1" high="0.25" optimum="1" value={gauge()} />
        <p
          id="rate-limit-remaining"
          data-remaining={shown()?.remaining ?? ""}
          data-limit={shown()?.limit ?? ""}
          data-window-reset={String(windowOver())}
        >{remainingText()}</p>
        <p id="rate-limit-reset" class="muted">{resetText()}</p>
      </div>
      <div id="rate-limit-closed" hidden={until() === null}>
        <p id="rate-limit-retry" role="status">{retryText()}</p>
        <button id="run-override" type="button" title="Send this one request anyway" onClick={() => props.sendAnyway()}>Send anyway</button>
      </div>
      {/* The warning's numbers are the panel's own (and its "resets in" would not tick): said in
          words only, the countdown above is the one that counts. */}
      <p id="rate-limit-warning" class="warning" hidden={!props.budget.warning} title={props.budget.warning ?? ""}>
        {props.budget.warning ? "Few requests left in this window." : ""}
      </p>
      <p id="rate-limit-clamp" class="muted" hidden={!shown()?.clampNote}>{shown()?.clampNote ?? ""}</p>
      <h3>Recent requests</h3>
      <ol id="rate-limit-recent">
        <For each={shown()?.recent ?? []}>
          {(request) => (
            <li title={new Date(request.atUnixMs).toLocaleString()}>
              {/* 101: a subscription's WebSocket opened, as it should. */}
              <span class="badge" data-ok={String((request.status >= 200 && request.status < 300) || request.status === 101)}>{request.status}</span>
              {` ${request.remaining === null ? "budget not reported" : `${request.remaining} left`} · ${describeAge(request.atUnixMs, props.now)}`}
            </li>
          )}
        </For>
      </ol>
    </aside>
  );
}
