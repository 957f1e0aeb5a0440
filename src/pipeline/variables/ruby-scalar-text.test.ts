import { describe, expect, it } from "vitest";
import { rubyScalarText } from "./ruby-scalar-text.js";

// GitLab stores `value.to_s` of the Psych-loaded scalar (Entry::Variable::SimpleVariable).
describe("rubyScalarText", () => {
  it("prints booleans and integers as Ruby does", () => {
    expect(rubyScalarText(true)).toBe("true");
    expect(rubyScalarText(false)).toBe("false");
    expect(rubyScalarText(42)).toBe("42");
    expect(rubyScalarText(-7)).toBe("-7");
  });

  it("prints floats as Ruby's Float#to_s: 1.10 is 1.1", () => {
    expect(rubyScalarText(1.1)).toBe("1.1");
    expect(rubyScalarText(0.5)).toBe("0.5");
    expect(rubyScalarText(0.0001)).toBe("0.0001");
  });

  it("switches to Ruby's exponent form outside 1e-4..1e16", () => {
    expect(rubyScalarText(0.00001)).toBe("1.0e-05");
    expect(rubyScalarText(1.5e-7)).toBe("1.5e-07");
    expect(rubyScalarText(1e20)).toBe("1.0e+20");
    expect(rubyScalarText(Infinity)).toBe("Infinity");
  });

  it("keeps strings", () => {
    expect(rubyScalarText("1.10")).toBe("1.10");
  });
});
