import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createZip } from "../../gitlab/zip-archive.js";
import { extractZip } from "./extract-zip.host.js";
import { zipDirectory } from "./zip-directory.host.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "airlock-extract-"));
  dirs.push(dir);
  return dir;
}

describe("extractZip and zipDirectory", () => {
  it("round-trips a tree with its modes, setuid dropped", async () => {
    const dir = temp();
    const zip = createZip([
      { path: "dist/", data: new Uint8Array(), mode: 0o755 },
      { path: "dist/tool", data: Buffer.from("#!/bin/sh\n"), mode: 0o4755 },
    ]);
    await extractZip(zip, join(dir, "out"), 1024);
    expect(readFileSync(join(dir, "out/dist/tool"), "utf8")).toBe("#!/bin/sh\n");
    expect(statSync(join(dir, "out/dist/tool")).mode & 0o7777).toBe(0o755);
    const again = await zipDirectory(join(dir, "out"));
    if (again === undefined) throw new Error("expected an archive");
    await extractZip(again, join(dir, "copy"), 1024);
    expect(readFileSync(join(dir, "copy/dist/tool"), "utf8")).toBe("#!/bin/sh\n");
    expect(await zipDirectory(join(dir, "missing"))).toBeUndefined();
  });

  it.each(["../escape", "/etc/escape", "a/../../escape", "a\\..\\escape"])(
    "refuses the member %s and writes nothing outside",
    async (path) => {
      const dir = temp();
      const zip = createZip([{ path, data: Buffer.from("x"), mode: 0o644 }]);
      await expect(extractZip(zip, join(dir, "out"), 1024)).rejects.toMatchObject({
        code: "AIRLOCK_E_GITLAB_PAYLOAD",
      });
      expect(existsSync(join(dir, "escape"))).toBe(false);
    },
  );
});
