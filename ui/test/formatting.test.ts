// Countdowns, ages and sizes as the window writes them.

import { describe, expect, it } from "vitest";

import { describeAge, describeCountdown, describeFound, formatBytes, formatMs } from "../src/format";

describe("describeCountdown", () => {
  const cases: [number, string][] = [
    [0, "0 s"],
    [-5_000, "0 s"],
    [1, "1 s"],
    [999, "1 s"],
    [1_000, "1 s"],
    [1_001, "2 s"],
    [59_000, "59 s"],
    [60_000, "1 min 0 s"],
    [125_000, "2 min 5 s"],
    [3_600_000, "1 h 0 min"],
    [86_400_000, "24 h 0 min"],
  ];
  it.each(cases)("%d ms left reads %s", (ms, expected) => {
    expect(describeCountdown(ms)).toBe(expected);
  });
});

describe("describeAge", () => {
  const now = 1_790_000_000_000;
  const cases: [number, string][] = [
    [0, "just now"],
    [59_000, "just now"],
    [-5_000, "just now"],
    [90_000, "2 min ago"],
    [59 * 60_000, "59 min ago"],
    [3 * 3_600_000, "3 h ago"],
    [3 * 86_400_000, "3 days ago"],
  ];
  it.each(cases)("%d ms ago reads %s", (ago, expected) => {
    expect(describeAge(now - ago, now)).toBe(expected);
  });
});

describe("sizes and durations", () => {
  const sizes: [number, string | undefined, string][] = [
    [0, "en-US", "0 B"],
    [999, "en-US", "999 B"],
    [1536, "en-US", "1.5 kB"],
    [20 * 1024 * 1024, "en-US", "21.0 MB"],
    [20_000_000, "en-US", "20.0 MB"],
    [1536, "de-DE", "1,5 kB"],
    [123_456_789, "de-DE", "123,5 MB"],
  ];
  it.each(sizes)("%d bytes in %s read %s", (bytes, locale, expected) => expect(formatBytes(bytes, locale)).toBe(expected));
  const durations: [number, string | undefined, string][] = [
    [2.25, "en-US", "2.3 ms"],
    [42.4, "en-US", "42 ms"],
    [1_234, "en-US", "1,234 ms"],
    [12_345, "en-US", "12.3 s"],
    [2.25, "de-DE", "2,3 ms"],
    [12_345, "de-DE", "12,3 s"],
  ];
  it.each(durations)("%d ms in %s reads %s", (ms, locale, expected) => expect(formatMs(ms, locale)).toBe(expected));
});

describe("Find's count", () => {
  const cases: [number, number, boolean, string][] = [
    [0, 0, false, "No match"],
    [0, 12, false, "1 of 12"],
    [11, 12, false, "12 of 12"],
    [2, 10_000, true, "3 of 10,000+"],
  ];
  it.each(cases)("at %i of %i (more: %s) reads %s", (at, found, more, expected) => {
    expect(describeFound(at, found, more, "en-US")).toBe(expected);
  });
});
