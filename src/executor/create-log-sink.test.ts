import { describe, expect, it } from "vitest";
import { createLogSink } from "./create-log-sink.js";

describe("createLogSink", () => {
  it("masks a secret split across chunks and lines it", () => {
    const lines: string[] = [];
    const sink = createLogSink(["hunter2hunter2"], (line) => lines.push(line));
    sink.write(Buffer.from("pass=hunter2"));
    sink.write(Buffer.from("hunter2\nnext"));
    sink.end();
    expect(lines).toEqual(["pass=[MASKED]", "next"]);
  });
});
