import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitCacheMaxIdleDays, sweepGitCache } from "./sweep-git-cache.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const day = 86_400_000;

describe("sweepGitCache", () => {
  it("removes mirrors idle past the bound with their stamp, keeps the rest", async () => {
    const root = mkdtempSync(join(tmpdir(), "airlock-git-cache-"));
    roots.push(root);
    const dir = join(root, "git-cache");
    const now = Date.now();
    const mirror = (key: string, lastUse: number | undefined, made: number): void => {
      mkdirSync(join(dir, `${key}.git`), { recursive: true });
      utimesSync(join(dir, `${key}.git`), made / 1000, made / 1000);
      if (lastUse === undefined) return;
      writeFileSync(join(dir, `${key}.ls-remote`), "x\n");
      utimesSync(join(dir, `${key}.ls-remote`), lastUse / 1000, lastUse / 1000);
    };
    const [idle, fresh, unstamped] = ["a", "b", "c"].map((c) => c.repeat(64)) as [
      string,
      string,
      string,
    ];
    mirror(idle, now - (gitCacheMaxIdleDays + 1) * day, now - 100 * day);
    mirror(fresh, now - day, now - 100 * day);
    mirror(unstamped, undefined, now - (gitCacheMaxIdleDays + 1) * day);
    mkdirSync(join(dir, ".home"));
    expect([...(await sweepGitCache(root, now))].sort()).toEqual([idle, unstamped]);
    expect(readdirSync(dir).sort()).toEqual([".home", `${fresh}.git`, `${fresh}.ls-remote`].sort());
  });

  it("finds nothing to do without a git cache", async () => {
    const root = mkdtempSync(join(tmpdir(), "airlock-git-cache-"));
    roots.push(root);
    expect(await sweepGitCache(root, Date.now())).toEqual([]);
  });
});
