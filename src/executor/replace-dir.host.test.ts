import { mkdtemp, readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceDir } from "./replace-dir.host.js";

describe("replaceDir", () => {
  it("replaces the old content wholesale and leaves no temp directory", async () => {
    const root = await mkdtemp(join(tmpdir(), "airlock-replace-"));
    const target = join(root, "cache");
    await mkdir(target);
    await writeFile(join(target, "stale"), "old");
    await replaceDir(target, (temp) => writeFile(join(temp, "fresh"), "new"));
    expect(await readdir(target)).toEqual(["fresh"]);
    expect(await readFile(join(target, "fresh"), "utf8")).toBe("new");
    expect(await readdir(root)).toEqual(["cache"]);
  });

  it("creates the target when it does not exist", async () => {
    const root = await mkdtemp(join(tmpdir(), "airlock-replace-"));
    const target = join(root, "a", "cache");
    await replaceDir(target, (temp) => writeFile(join(temp, "f"), "x"));
    expect(await readdir(target)).toEqual(["f"]);
  });

  it("keeps the old content and removes the temp dir when filling throws", async () => {
    const root = await mkdtemp(join(tmpdir(), "airlock-replace-"));
    const target = join(root, "cache");
    await mkdir(target);
    await writeFile(join(target, "keep"), "old");
    await expect(
      replaceDir(target, async (temp) => {
        await writeFile(join(temp, "partial"), "x");
        throw new Error("copy failed");
      }),
    ).rejects.toThrow("copy failed");
    expect(await readdir(target)).toEqual(["keep"]);
    expect(await readdir(root)).toEqual(["cache"]);
  });
});
