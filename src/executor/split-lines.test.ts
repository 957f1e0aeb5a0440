import { describe, expect, it } from "vitest";
import { splitLines } from "./split-lines.js";

describe("splitLines", () => {
  it("emits whole lines across chunks and the trailing partial line on end", () => {
    const lines: string[] = [];
    const splitter = splitLines((line) => lines.push(line));
    splitter.push(Buffer.from("one\ntw"));
    splitter.push(Buffer.from("o\nthr"));
    expect(lines).toEqual(["one", "two"]);
    splitter.end();
    expect(lines).toEqual(["one", "two", "thr"]);
  });

  it("keeps a UTF-8 character split across chunks intact", () => {
    const lines: string[] = [];
    const splitter = splitLines((line) => lines.push(line));
    const bytes = Buffer.from("héllo\n");
    splitter.push(bytes.subarray(0, 2));
    splitter.push(bytes.subarray(2));
    splitter.end();
    expect(lines).toEqual(["héllo"]);
  });

  it("keeps empty lines and emits nothing more after a final newline", () => {
    const lines: string[] = [];
    const splitter = splitLines((line) => lines.push(line));
    splitter.push(Buffer.from("a\n\nb\n"));
    splitter.end();
    expect(lines).toEqual(["a", "", "b"]);
  });
});
