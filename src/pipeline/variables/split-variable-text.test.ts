import { describe, expect, it } from "vitest";
import { splitVariableText, type VariableTextPart } from "./split-variable-text.js";

describe("splitVariableText", () => {
  it("keeps each reference as written, for callers that leave it in place", () => {
    expect(splitVariableText("a $B ${C}d")).toEqual<VariableTextPart[]>([
      { kind: "text", text: "a " },
      { kind: "reference", name: "B", written: "$B" },
      { kind: "text", text: " " },
      { kind: "reference", name: "C", written: "${C}" },
      { kind: "text", text: "d" },
    ]);
  });

  it("resolves $$ and special parameters in the text, with no reference", () => {
    expect(splitVariableText("$$HOME${$}$0")).toEqual<VariableTextPart[]>([
      { kind: "text", text: "$HOME$" },
    ]);
  });
});
