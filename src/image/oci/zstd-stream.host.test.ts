import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { zstdBinary, zstdStream } from "./zstd-stream.host.js";

const zstd = zstdBinary();

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.skipIf(zstd === undefined)("zstdStream", () => {
  const binary = zstd ?? "";

  it("decompresses a zstd stream and ends cleanly", async () => {
    const data = Buffer.from("airlock zstd\n".repeat(1000));
    // `zstd -19` of data (a frame with a content checksum)
    const packed = Buffer.from("KLUv/QRorQAAaGFpcmxvY2sgenN0ZAoBALgS+PkFXuLzMw==", "base64");
    const run = zstdStream(Readable.from([packed]), binary);
    expect((await collect(run.output)).equals(data)).toBe(true);
    expect(await run.ended).toBeUndefined();
  });

  it("says why when the input is not zstd", async () => {
    const run = zstdStream(Readable.from([Buffer.from("not zstd at all")]), binary);
    await collect(run.output);
    expect(await run.ended).toMatch(/^zstd ended with exit code \d+: /);
  });

  it("stop() ends a process still waiting for input", async () => {
    const input = new Readable({ read() {} });
    const run = zstdStream(input, binary);
    run.stop();
    expect(await run.ended).toBe("zstd was stopped");
    input.destroy();
  });
});
