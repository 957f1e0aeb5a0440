import { describe, expect, it } from "vitest";
import { DnsTcpFrames, frameDnsMessage } from "./dns-tcp-frames.js";

describe("DNS over TCP framing", () => {
  it("prefixes the 2-byte length", () => {
    expect(frameDnsMessage(Buffer.from("abc"))).toEqual(Buffer.from([0, 3, 97, 98, 99]));
  });

  it("reassembles messages split across chunks and several in one chunk", () => {
    const stream = Buffer.concat([
      frameDnsMessage(Buffer.from("first")),
      frameDnsMessage(Buffer.from("second")),
      frameDnsMessage(Buffer.from("third")),
    ]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const frames = new DnsTcpFrames();
      const got = [
        ...(frames.push(stream.subarray(0, cut)) ?? []),
        ...(frames.push(stream.subarray(cut)) ?? []),
      ].map((m) => m.toString());
      expect(got).toEqual(["first", "second", "third"]);
    }
  });

  it("byte by byte", () => {
    const frames = new DnsTcpFrames();
    const got: string[] = [];
    for (const byte of frameDnsMessage(Buffer.from("xyz"))) {
      got.push(...(frames.push(Buffer.from([byte])) ?? []).map((m) => m.toString()));
    }
    expect(got).toEqual(["xyz"]);
  });

  it("treats a zero length as a protocol error", () => {
    expect(new DnsTcpFrames().push(Buffer.from([0, 0, 1]))).toBeUndefined();
  });
});
