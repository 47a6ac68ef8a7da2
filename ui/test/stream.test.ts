import { describe, expect, it } from "vitest";

import type { Operation } from "../src/generated/Operation";
import { eventRate, filteredRows, lineDetails, logRows, looksLikeLogs, mergedResult, ndjson, operationToSend, severityLevel, streamTransportFor, type StreamEvent, type StreamTransport } from "../src/stream";

const event = (seq: number, payload: unknown, atUnixMs = 1_717_432_930_000 + seq): StreamEvent => ({ seq, atUnixMs, payload: JSON.stringify(payload) });
const log = (message: string, severity: string | null = "info") => ({ message, severity, timestamp: "2024-06-03T16:42:10.000Z" });

describe("the operation Run sends", () => {
  const operations: Operation[] = [
    { name: "Projects", kind: "query", from: 0, to: 30 },
    { name: "Logs", kind: "subscription", from: 32, to: 90 },
  ];
  const cases: [string, readonly Operation[], number, string | null, string | null][] = [
    ["the cursor in the subscription", operations, 40, null, "Logs"],
    ["the cursor in the query, the picker on the subscription", operations, 10, "Logs", "Projects"],
    ["the cursor between, the picker's", operations, 31, "Logs", "Logs"],
    ["neither: several are not guessed", operations, 31, null, null],
    ["the only one", [operations[1]], 200, null, "Logs"],
  ];
  it.each(cases)("%s", (_, list, cursor, chosen, expected) => {
    expect(operationToSend(list, cursor, chosen)?.name ?? null).toBe(expected);
  });
});

describe("events shaped like logs", () => {
  const cases: [string, unknown, string[] | null][] = [
    ["a list of Railway Log lines", { data: { deploymentLogs: [log("listening"), log("GET / 200")] } }, ["listening", "GET / 200"]],
    ["one log object", { data: { buildLogs: log("[1/5] FROM node") } }, ["[1/5] FROM node"]],
    ["a deployment's status", { data: { deployment: { status: "BUILDING" } } }, null],
    ["lines without a timestamp", { data: { deploymentLogs: [{ message: "x" }] } }, null],
    ["two fields", { data: { a: [log("x")], b: [log("y")] } }, null],
    ["errors only", { errors: [{ message: "nope" }] }, null],
    ["an empty batch", { data: { deploymentLogs: [] } }, null],
  ];
  it.each(cases)("%s", (_, payload, messages) => {
    expect(logRows(event(1, payload))?.map((row) => row.message) ?? null).toEqual(messages);
  });
  it("a table when the events are logs, filtered by words of the message or severity", () => {
    const events = [event(1, { data: { deploymentLogs: [log("GET /health 200"), log("Payment timed out", "error")] } })];
    expect(looksLikeLogs(events)).toBe(true);
    expect(looksLikeLogs([...events, event(2, { data: { deployment: { status: "SUCCESS" } } })])).toBe(false);
    const rows = logRows(events[0])!;
    expect(filteredRows(rows, "ERROR").map((row) => row.message)).toEqual(["Payment timed out"]);
    expect(filteredRows(rows, "get 200").map((row) => row.message)).toEqual(["GET /health 200"]);
  });
  const details: [string, Record<string, unknown>, [string, string][]][] = [
    ["the three fields alone: none", {}, []],
    ["Railway's attributes by their keys", { attributes: [{ key: "level", value: "warn" }, { key: "duration_ms", value: "412" }] }, [["level", "warn"], ["duration_ms", "412"]]],
    ["Railway's tags by their names, empty ones left out", { tags: { deploymentId: "d1", serviceId: null, projectId: "p1" } }, [["tags.deploymentId", "d1"], ["tags.projectId", "p1"]]],
    ["no attributes: left out", { attributes: [], tags: null }, []],
    ["any other field under its name, as JSON unless text", { host: "web-1", pid: 42, labels: ["a", "b"] }, [["host", "web-1"], ["pid", "42"], ["labels", '["a","b"]']]],
    ["a list of other objects as JSON", { spans: [{ id: 1 }] }, [["spans", '[{"id":1}]']]],
    ["a list of attributes and other things as JSON", { attributes: [{ key: "a", value: "1" }, "b"] }, [["attributes", '[{"key":"a","value":"1"},"b"]']]],
    ["attributes without a value left out, others as JSON", { attributes: [{ key: "gone", value: null }, { key: "n", value: 3 }] }, [["n", "3"]]],
    ["nested tags as JSON under their name", { tags: { region: { name: "us-west" } } }, [["tags.region", '{"name":"us-west"}']]],
    ["only empty fields: none shown", { attributes: [], tags: {} }, []],
  ];
  it.each(details)("a line's details: %s", (_, rest, expected) => {
    const [row] = logRows(event(1, { data: { deploymentLogs: [{ ...log("x"), ...rest }] } }))!;
    expect(row.rest).toEqual(Object.keys(rest).length === 0 ? undefined : rest);
    expect(lineDetails(row)).toEqual(expected);
  });
  it("a numeric level is the line's severity", () => {
    expect(logRows(event(1, { data: { logs: [{ ...log("x"), severity: 50 }] } }))![0].severity).toBe("50");
  });
  it("the filter finds words in a line's details too", () => {
    const lines = [{ ...log("GET /health 200"), attributes: [{ key: "path", value: "/health" }] }, { ...log("Payment timed out", "error"), attributes: [{ key: "provider", value: "Stripe" }] }];
    const rows = logRows(event(1, { data: { deploymentLogs: lines } }))!;
    expect(filteredRows(rows, "stripe").map((row) => row.message)).toEqual(["Payment timed out"]);
    expect(filteredRows(rows, "provider=stripe error").map((row) => row.message)).toEqual(["Payment timed out"]);
    expect(filteredRows(rows, "stripe health")).toEqual([]);
    // Field names are found only as `name=value`: a word common to every line's names keeps none.
    expect(filteredRows(rows, "provider")).toEqual([]);
    expect(filteredRows(rows, "path=/health").map((row) => row.message)).toEqual(["GET /health 200"]);
    const query = logRows(event(2, { data: { deploymentLogs: [log("GET /search?q=1 200")] } }))!;
    expect(filteredRows(query, "q=1").map((row) => row.message)).toEqual(["GET /search?q=1 200"]);
  });
  const levels: [string | null, string][] = [["ERROR", "error"], ["fatal", "error"], ["warning", "warn"], ["info", "info"], ["DEBUG", "debug"], [null, "other"], ["stdout", "other"]];
  it.each(levels)("severity %s is %s", (severity, level) => {
    expect(severityLevel(severity)).toBe(level);
  });
});

describe("a stream's rate and export", () => {
  it("counts the events of the last second", () => {
    const events = [event(1, {}, 1000), event(2, {}, 1500), event(3, {}, 1900), event(4, {}, 2100)];
    expect(eventRate(events, 2200)).toBe(3);
    expect(eventRate([], 2200)).toBe(0);
    // The clock read a little before the newest came: they are not in its second.
    expect(eventRate(events, 2000)).toBe(2);
    expect(eventRate(events, 1600)).toBe(2);
  });
  it("exports the payloads as the server wrote them, one JSON line per event", () => {
    const events: StreamEvent[] = [{ seq: 1, atUnixMs: Date.UTC(2026, 11, 3, 7, 0, 0, 5), payload: '{"data":{"n":1}}' }];
    const lines = ndjson(events).split("\n");
    expect(lines).toEqual(['{"seq":1,"receivedAt":"2026-12-03T07:00:00.005Z","payload":{"data":{"n":1}}}', ""]);
    expect(JSON.parse(lines[0]).payload).toEqual({ data: { n: 1 } });
  });
});

describe("what Run streams", () => {
  const cases: [string, Operation["kind"], string, StreamTransport | null][] = [
    ["a subscription, over the chosen transport", "subscription", "subscription { deploymentLogs(deploymentId: \"d\") { message } }", "sse"],
    ["a query with @defer, as parts", "query", "{ project(id: \"p\") { name ... @defer { members } } }", "multipart"],
    ["a query with @stream, as parts", "query", "{ projects @stream(initialCount: 1) { id } }", "multipart"],
    ["a plain query, one request", "query", "{ me { name } }", null],
    ["@defer in a comment is not asked for", "query", "# try ... @defer here\n{ me { name } }", null],
    ["@defer in a string is not asked for", "mutation", "mutation { pluginCreate(input: { name: \"@defer\", projectId: \"p\" }) { id } }", null],
    ["@deferred is another directive", "query", "{ me @deferred { name } }", null],
  ];
  it.each(cases)("%s", (_, kind, text, expected) => {
    expect(streamTransportFor(kind, text, "sse")).toBe(expected);
  });
});

describe("incremental parts merged", () => {
  const parts = (...payloads: unknown[]) => payloads.map((payload) => JSON.stringify(payload));
  const cases: [string, string[], unknown][] = [
    ["not incremental: no merge", parts({ data: { me: { name: "a" } } }), null],
    ["the initial part alone", parts({ data: { project: { name: "shop" } }, hasNext: true }), { data: { project: { name: "shop" } }, hasNext: true }],
    [
      "a deferred fragment at its path",
      parts({ data: { project: { name: "shop" } }, hasNext: true }, { incremental: [{ data: { members: "x" }, path: ["project"] }], hasNext: false }),
      { data: { project: { name: "shop", members: "x" } }, hasNext: false },
    ],
    [
      "in a list, nested objects merged, errors gathered",
      parts(
        { data: { edges: [{ node: { id: "1", owner: { id: "u" } } }, { node: { id: "2" } }] }, hasNext: true },
        { incremental: [{ data: { owner: { name: "Ada" } }, path: ["edges", 0, "node"] }, { data: { slow: null }, path: ["edges", 1, "node"], errors: [{ message: "boom" }] }], hasNext: true },
        { incremental: [{ items: [{ node: { id: "3" } }], path: ["edges", 2] }], hasNext: false },
      ),
      {
        data: { edges: [{ node: { id: "1", owner: { id: "u", name: "Ada" } } }, { node: { id: "2", slow: null } }, { node: { id: "3" } }] },
        errors: [{ message: "boom" }],
        hasNext: false,
      },
    ],
    ["a path that is not there is skipped", parts({ data: { a: 1 }, hasNext: true }, { incremental: [{ data: { b: 2 }, path: ["nope"] }], hasNext: false }), { data: { a: 1 }, hasNext: false }],
  ];
  it.each(cases)("%s", (_, payloads, expected) => {
    expect(mergedResult(payloads)).toEqual(expected);
  });
});
