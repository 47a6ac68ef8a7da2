// How the window writes numbers, sizes, durations and ages: pure functions, in the reader's
// locale where `Intl` knows how.

/** Number formats by locale and options: made once, as `Intl` formats are costly to build. */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify([locale ?? "", options]);
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

const unit = (name: string, digits: number): Intl.NumberFormatOptions =>
  ({ style: "unit", unit: name, unitDisplay: "short", minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * A size in the reader's locale, in decimal units as `Intl` names them (kB = 1000 bytes). Bytes
 * are "B": `Intl`'s "byte" is longer than every other unit on the bar.
 */
export function formatBytes(n: number, locale?: string): string {
  if (n < 1000) return `${numberFormat(locale, { maximumFractionDigits: 0 }).format(n)} B`;
  if (n < 1_000_000) return numberFormat(locale, unit("kilobyte", 1)).format(n / 1000);
  return numberFormat(locale, unit("megabyte", 1)).format(n / 1_000_000);
}

/** A duration in the reader's locale: tenths below 10 ms, whole milliseconds below 10 s, then seconds. */
export function formatMs(ms: number, locale?: string): string {
  if (ms < 10) return numberFormat(locale, unit("millisecond", 1)).format(ms);
  if (ms < 10_000) return numberFormat(locale, unit("millisecond", 0)).format(ms);
  // `Intl`'s short second is "sec"; "s" as everywhere else in the window.
  return `${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** "3 of 12", "No match", "1 of 10,000+": where Find is among the lines found. */
export function describeFound(at: number, found: number, more: boolean, locale?: string): string {
  if (found === 0) return "No match";
  const number = numberFormat(locale, { maximumFractionDigits: 0 });
  return `${number.format(at + 1)} of ${number.format(found)}${more ? "+" : ""}`;
}

export function describeAge(loadedAtUnixMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - loadedAtUnixMs) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function describeCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
