/** Our zip archives against Info-ZIP's zip and unzip (Debian's), as GitLab users would. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createZip, readZip } from "../../src/gitlab/zip-archive.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("zip interoperability", () => {
  it("writes archives unzip reads, and reads archives zip writes", () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-zip-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "ours.zip"),
      createZip([{ path: "a/b.txt", data: Buffer.from("hi"), mode: 0o600 }]),
    );
    execFileSync("unzip", ["-q", join(dir, "ours.zip"), "-d", join(dir, "out")]);
    expect(readFileSync(join(dir, "out/a/b.txt"), "utf8")).toBe("hi");
    expect(statSync(join(dir, "out/a/b.txt")).mode & 0o777).toBe(0o600);
    execFileSync("zip", ["-q", "-r", join(dir, "theirs.zip"), "a"], { cwd: join(dir, "out") });
    const names = readZip(readFileSync(join(dir, "theirs.zip")), 1 << 20).map((e) => e.path);
    expect(names).toEqual(["a/", "a/b.txt"]);
  });
});
