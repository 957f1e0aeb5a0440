import { describe, expect, it } from "vitest";
import { parseTomlDoc } from "./parse-toml-doc.js";

const text = [
  "concurrent = 2", // 1
  "[[runners]]", // 2
  '  name = "a"', // 3
  "  environment = [", // 4
  '    "A=1",', // 5
  '    "GIT_STRATEGY=fetch",', // 6
  "  ]", // 7
  "  [runners.docker]", // 8
  '    image = "x"', // 9
  "    [[runners.docker.services]]", // 10
  '      name = "docker:dind"', // 11
  "[[runners]]", // 12
  '  name = "b"', // 13
  '  pre_build_script = """', // 14
  "echo privileged = true", // 15
  '"""', // 16
  "  [runners.docker]", // 17
  "    privileged = true # comment", // 18
  '    "quoted.key" = 1', // 19
  "",
].join("\n");

describe("parseTomlDoc", () => {
  const doc = parseTomlDoc(text, (detail) => new Error(detail));

  it("indexes keys inside array-of-tables and nested tables", () => {
    expect(doc.lineOf(["concurrent"])).toBe(1);
    expect(doc.lineOf(["runners", 0, "name"])).toBe(3);
    expect(doc.lineOf(["runners", 0, "docker", "image"])).toBe(9);
    expect(doc.lineOf(["runners", 0, "docker", "services", 0, "name"])).toBe(11);
    expect(doc.lineOf(["runners", 1, "name"])).toBe(13);
    expect(doc.lineOf(["runners", 1, "docker", "privileged"])).toBe(18);
    expect(doc.lineOf(["runners", 1, "docker", "quoted.key"])).toBe(19);
  });

  it("falls back on the nearest written ancestor", () => {
    expect(doc.lineOf(["runners", 1, "docker", "volumes"])).toBe(17);
    expect(doc.lineOf(["runners", 1, "machine", "MaxBuilds"])).toBe(12);
  });

  it("hands a syntax error with its position to the caller", () => {
    expect(() =>
      parseTomlDoc(
        "a = 1\nb = = 2\n",
        (detail, at) => new Error(`${at.line}:${at.column} ${detail}`),
      ),
    ).toThrow(/^2:5 /);
  });

  it("finds an element of a multi-line array, and ignores text in multi-line strings", () => {
    expect(doc.lineOfText(["runners", 0, "environment"], "GIT_STRATEGY=fetch")).toBe(6);
    expect(doc.lineOf(["runners", 1, "privileged"])).toBe(12);
  });
});
