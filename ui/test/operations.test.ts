// The operation picker's choices for a document's operations.

import { describe, expect, it } from "vitest";

import { pickerChoices } from "../src/editor/operations";
import type { Operation } from "../src/generated/Operation";

const op = (name: string | null, kind: Operation["kind"] = "query"): Operation => ({ name, kind, from: 0, to: 0 });

describe("pickerChoices", () => {
  it("hides the picker for one operation or none", () => {
    expect(pickerChoices([], null)).toEqual({ visible: false, options: [], selected: null });
    expect(pickerChoices([op("Me")], null).visible).toBe(false);
  });
  it("lists each operation with its kind, anonymous ones numbered", () => {
    const choices = pickerChoices([op("Me"), op(null, "mutation"), op("Watch", "subscription")], null);
    expect(choices.visible).toBe(true);
    expect(choices.options).toEqual([
      { value: "Me", label: "query Me" },
      { value: "", label: "mutation (anonymous #2)" },
      { value: "Watch", label: "subscription Watch" },
    ]);
    expect(choices.selected).toBe("Me");
  });
  it("keeps the operation chosen before while it exists", () => {
    expect(pickerChoices([op("A"), op("B")], "B").selected).toBe("B");
    expect(pickerChoices([op("A"), op("C")], "B").selected).toBe("A");
  });
});
