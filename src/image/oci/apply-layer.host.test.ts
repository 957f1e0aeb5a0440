import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  existsSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTar, type TarSpec } from "../../../test/image/registry/make-tar.js";
import { applyLayer } from "./apply-layer.host.js";

const options = { preserveOwners: process.getuid?.() === 0, maxBytes: 1024 * 1024 };

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  // Odd chunk sizes, so headers and bodies straddle chunk boundaries.
  for (let i = 0; i < bytes.length; i += 700) {
    await Promise.resolve();
    yield bytes.subarray(i, i + 700);
  }
}

describe("applyLayer", () => {
  let dir: string;
  let rootfs: string;
  let outside: string;
  const apply = (entries: readonly TarSpec[]) =>
    applyLayer(rootfs, once(makeTar(entries)), options);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "airlock-layer-"));
    rootfs = join(dir, "rootfs");
    outside = join(dir, "outside");
    mkdirSync(rootfs);
    mkdirSync(outside);
    writeFileSync(join(outside, "secret"), "host");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates files, directories, symlinks and hard links with their modes", async () => {
    const result = await apply([
      { name: "./bin/", type: "dir", mode: 0o755 },
      { name: "./bin/tool", content: "#!/bin/sh\n", mode: 0o4755 },
      { name: "./bin/alias", type: "symlink", linkName: "tool" },
      { name: "./bin/same", type: "hardlink", linkName: "./bin/tool" },
      { name: "etc/deep/conf", content: "x", mode: 0o600 },
      { name: "dev/null", type: "fifo" },
    ]);
    expect(readFileSync(join(rootfs, "bin/tool"), "utf8")).toBe("#!/bin/sh\n");
    expect(statSync(join(rootfs, "bin/tool")).mode & 0o7777).toBe(0o4755);
    expect(readlinkSync(join(rootfs, "bin/alias"))).toBe("tool");
    expect(statSync(join(rootfs, "bin/same")).ino).toBe(statSync(join(rootfs, "bin/tool")).ino);
    expect(statSync(join(rootfs, "etc/deep/conf")).mode & 0o777).toBe(0o600);
    expect(result.skipped).toEqual(["/dev/null"]);
  });

  it("refuses a name that climbs above the root", async () => {
    await expect(apply([{ name: "../outside/secret", content: "pwned" }])).rejects.toThrow(
      /escapes the root/,
    );
    await expect(apply([{ name: "a/../../x", content: "pwned" }])).rejects.toThrow(
      /escapes the root/,
    );
    expect(readFileSync(join(outside, "secret"), "utf8")).toBe("host");
  });

  it("keeps absolute names inside the root", async () => {
    await apply([{ name: `/${join(outside, "secret").slice(1)}`, content: "inside" }]);
    expect(readFileSync(join(outside, "secret"), "utf8")).toBe("host");
    expect(readFileSync(join(rootfs, outside, "secret"), "utf8")).toBe("inside");
  });

  it("resolves planted symlinks inside the root, never outside", async () => {
    await apply([
      { name: "abs", type: "symlink", linkName: outside },
      { name: "rel", type: "symlink", linkName: "../../../../../../outside" },
      { name: "abs/secret", content: "a" },
      { name: "rel/secret", content: "b" },
    ]);
    expect(readFileSync(join(outside, "secret"), "utf8")).toBe("host");
    expect(readFileSync(join(rootfs, outside, "secret"), "utf8")).toBe("a");
    expect(readFileSync(join(rootfs, "outside/secret"), "utf8")).toBe("b");
  });

  it("never reuses a parent resolved before a symlink replaced it in the same layer", async () => {
    await apply([
      { name: "a/", type: "dir" },
      { name: "a/f", content: "1" },
      { name: "a", type: "symlink", linkName: outside },
      { name: "a/g", content: "2" },
    ]);
    expect(existsSync(join(outside, "g"))).toBe(false);
    expect(readFileSync(join(rootfs, outside, "g"), "utf8")).toBe("2");
  });

  it("replaces a symlink at the final component instead of writing through it", async () => {
    await apply([{ name: "link", type: "symlink", linkName: join(outside, "secret") }]);
    await apply([{ name: "link", content: "new" }]);
    expect(readFileSync(join(outside, "secret"), "utf8")).toBe("host");
    expect(lstatSync(join(rootfs, "link")).isFile()).toBe(true);
  });

  it("refuses hard links that climb out and keeps hard links to planted symlinks as links", async () => {
    await expect(
      apply([{ name: "h", type: "hardlink", linkName: "../outside/secret" }]),
    ).rejects.toThrow(/escapes the root/);
    await apply([
      { name: "s", type: "symlink", linkName: join(outside, "secret") },
      { name: "h", type: "hardlink", linkName: "s" },
    ]);
    expect(lstatSync(join(rootfs, "h")).isSymbolicLink()).toBe(true);
    expect(statSync(join(outside, "secret")).nlink).toBe(1);
  });

  it("applies whiteouts and opaque directories to lower layers only", async () => {
    await apply([
      { name: "etc/keep", content: "1" },
      { name: "etc/gone", content: "1" },
      { name: "opt/old/a", content: "1" },
      { name: "opt/old/b", content: "1" },
    ]);
    await apply([
      { name: "etc/.wh.gone" },
      { name: "opt/old/", type: "dir" },
      { name: "opt/old/new", content: "2" },
      { name: "opt/old/.wh..wh..opq" },
      { name: "etc/.wh.fresh" },
      { name: "etc/fresh", content: "same layer" },
    ]);
    expect(existsSync(join(rootfs, "etc/keep"))).toBe(true);
    expect(existsSync(join(rootfs, "etc/gone"))).toBe(false);
    expect(readFileSync(join(rootfs, "etc/fresh"), "utf8")).toBe("same layer");
    expect(existsSync(join(rootfs, "opt/old/a"))).toBe(false);
    expect(existsSync(join(rootfs, "opt/old/new"))).toBe(true);
  });

  it("refuses a layer larger than the bound", async () => {
    await expect(
      applyLayer(rootfs, once(makeTar([{ name: "big", content: "x".repeat(2000) }])), {
        ...options,
        maxBytes: 1000,
      }),
    ).rejects.toThrow(/more than 1000 bytes/);
  });

  it("refuses a corrupt archive", async () => {
    const tar = makeTar([{ name: "f", content: "x" }]);
    tar[0] = 0x41;
    await expect(applyLayer(rootfs, once(tar), options)).rejects.toThrow(/checksum/);
  });
});
