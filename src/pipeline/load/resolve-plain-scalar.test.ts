import { describe, expect, it } from "vitest";
import { resolvePlainScalar } from "./resolve-plain-scalar.js";

// Expectations follow Ruby Psych (YAML 1.1), which GitLab uses to read .gitlab-ci.yml.
describe("resolvePlainScalar", () => {
  it("reads YAML 1.1 booleans in any case, but not y/n", () => {
    for (const text of ["true", "True", "yes", "YES", "on", "On"]) {
      expect(resolvePlainScalar(text)).toBe(true);
    }
    for (const text of ["false", "no", "No", "off", "OFF"]) {
      expect(resolvePlainScalar(text)).toBe(false);
    }
    expect(resolvePlainScalar("y")).toBe("y");
    expect(resolvePlainScalar("n")).toBe("n");
    expect(resolvePlainScalar("yess")).toBe("yess");
  });

  it("reads null, ~ and the empty scalar as null", () => {
    expect(resolvePlainScalar("null")).toBeNull();
    expect(resolvePlainScalar("Null")).toBeNull();
    expect(resolvePlainScalar("~")).toBeNull();
    expect(resolvePlainScalar("")).toBeNull();
  });

  it("reads YAML 1.1 integers: octal, hex, binary, underscores, base 60", () => {
    expect(resolvePlainScalar("42")).toBe(42);
    expect(resolvePlainScalar("-7")).toBe(-7);
    expect(resolvePlainScalar("0755")).toBe(493);
    expect(resolvePlainScalar("0x1F")).toBe(31);
    expect(resolvePlainScalar("0b101")).toBe(5);
    expect(resolvePlainScalar("1_000")).toBe(1000);
    expect(resolvePlainScalar("1:30")).toBe(90);
  });

  it("reads floats only with a dot, and the special floats", () => {
    expect(resolvePlainScalar("1.5")).toBe(1.5);
    expect(resolvePlainScalar(".5")).toBe(0.5);
    expect(resolvePlainScalar("1.0e+3")).toBe(1000);
    expect(resolvePlainScalar("1e3")).toBe("1e3");
    expect(resolvePlainScalar(".inf")).toBe(Number.POSITIVE_INFINITY);
    expect(resolvePlainScalar("-.inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(resolvePlainScalar(".nan")).toBeNaN();
  });

  it("keeps everything else a string (versions, dates, paths)", () => {
    expect(resolvePlainScalar("1.2.3")).toBe("1.2.3");
    expect(resolvePlainScalar("2024-01-02")).toBe("2024-01-02");
    expect(resolvePlainScalar("echo hi")).toBe("echo hi");
    expect(resolvePlainScalar("$CI_COMMIT_BRANCH")).toBe("$CI_COMMIT_BRANCH");
    expect(resolvePlainScalar("09")).toBe("09");
  });
});
