import { describe, expect, it } from "vitest";
import { createZip, readZip } from "./zip-archive.js";

describe("zip archives", () => {
  it("round-trips files, directories and modes", () => {
    const zip = createZip([
      { path: "dist/", data: new Uint8Array(), mode: 0o755 },
      { path: "dist/app.js", data: Buffer.from("console.log(1)\n".repeat(50)), mode: 0o644 },
      { path: "bin/run", data: Buffer.from("#!/bin/sh\n"), mode: 0o755 },
    ]);
    const entries = readZip(zip, 1 << 20);
    expect(entries.map((e) => [e.path, Buffer.from(e.data).toString(), e.mode])).toEqual([
      ["dist/", "", 0o755],
      ["dist/app.js", "console.log(1)\n".repeat(50), 0o644],
      ["bin/run", "#!/bin/sh\n", 0o755],
    ]);
  });

  it("refuses what is not a zip and members above the size bound", () => {
    expect(() => readZip(Buffer.from("not a zip at all, really not"), 10)).toThrow(/not a zip/);
    const zip = createZip([{ path: "big", data: Buffer.alloc(100), mode: 0o644 }]);
    expect(() => readZip(zip, 10)).toThrow(/larger than 10 bytes/);
  });
});
