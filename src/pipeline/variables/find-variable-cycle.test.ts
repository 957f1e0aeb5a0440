import { describe, expect, it } from "vitest";
import { findVariableCycle } from "./find-variable-cycle.js";

describe("findVariableCycle", () => {
  it("finds a cycle and returns it as a path of names", () => {
    expect(
      findVariableCycle([
        { name: "A", value: "$B" },
        { name: "B", value: "${A}" },
      ]),
    ).toEqual(["A", "B", "A"]);
  });

  it("ignores references in expand: false values and $$ escapes, as GitLab's Item#depends_on does", () => {
    expect(
      findVariableCycle([
        { name: "A", value: "$B" },
        { name: "B", value: "$A", expand: false },
        { name: "C", value: "$$C and $$A" },
      ]),
    ).toBeUndefined();
  });

  it("does not count a variable referring to its own name as a cycle", () => {
    expect(findVariableCycle([{ name: "X", value: "$X:more" }])).toBeUndefined();
  });
});
