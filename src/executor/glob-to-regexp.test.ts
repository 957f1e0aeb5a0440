import { describe, expect, it } from "vitest";
import { globToRegExp } from "./glob-to-regexp.js";

const matches = (pattern: string, path: string): boolean => globToRegExp(pattern).test(path);

describe("globToRegExp (doublestar)", () => {
  it("`*` matches within one directory level only", () => {
    expect(matches("*.txt", "a.txt")).toBe(true);
    expect(matches("*.txt", "dir/a.txt")).toBe(false);
    expect(matches("dir/*", "dir/.hidden")).toBe(true);
  });

  it("`**` matches any depth, including none", () => {
    expect(matches("binaries/**/*.o", "binaries/a.o")).toBe(true);
    expect(matches("binaries/**/*.o", "binaries/x/y/a.o")).toBe(true);
    expect(matches("binaries/**/*.o", "other/a.o")).toBe(false);
    expect(matches("**/*.log", "a/b/c.log")).toBe(true);
    expect(matches("**/*.log", "c.log")).toBe(true);
  });

  it("`dir/**` matches the directory itself and everything below it", () => {
    expect(matches("binaries/**", "binaries")).toBe(true);
    expect(matches("binaries/**", "binaries/a/b")).toBe(true);
    expect(matches("binaries/**", "binariesx")).toBe(false);
  });

  it("`?` matches one character but not `/`", () => {
    expect(matches("file?.txt", "file1.txt")).toBe(true);
    expect(matches("file?.txt", "file10.txt")).toBe(false);
    expect(matches("a?b", "a/b")).toBe(false);
  });

  it("`[...]` matches a class, `[!...]` its complement", () => {
    expect(matches("log[0-9].txt", "log5.txt")).toBe(true);
    expect(matches("log[0-9].txt", "logx.txt")).toBe(false);
    expect(matches("log[!0-9].txt", "logx.txt")).toBe(true);
    expect(matches("log[^0-9].txt", "log5.txt")).toBe(false);
  });

  it("`{a,b}` matches one of the alternatives", () => {
    expect(matches("*.{js,map}", "app.map")).toBe(true);
    expect(matches("*.{js,map}", "app.css")).toBe(false);
  });

  it("takes regular expression characters literally", () => {
    expect(matches("a+b(1).txt", "a+b(1).txt")).toBe(true);
    expect(matches("a.txt", "abtxt")).toBe(false);
  });
});
