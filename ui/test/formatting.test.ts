// Countdowns, ages and sizes as the window writes them.

import { describe, expect, it } from "vitest";

import { describeCountdown } from "../src/rate-limit";
import { formatBytes, formatMs } from "../src/response/pane";
import { describeAge } from "../src/schema-status";

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
  it.each([[0, "0 B"], [1023, "1023 B"], [1536, "1.5 KB"], [20 * 1024 * 1024, "20.0 MB"]] as [number, string][])(
    "%d bytes read %s",
    (bytes, expected) => expect(formatBytes(bytes)).toBe(expected),
  );
  it.each([[2.25, "2.3 ms"], [42.4, "42 ms"], [12_345, "12.3 s"]] as [number, string][])(
    "%d ms reads %s",
    (ms, expected) => expect(formatMs(ms)).toBe(expected),
  );
});
