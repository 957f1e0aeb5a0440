import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sandboxImageUsage } from "./sandbox-image-usage.host.js";

let dir: string;
const imageA = "a".repeat(64);
const imageB = "b".repeat(64);
const deadPid = 2 ** 22 + 12345; // above pid_max's ceiling: never a live process

function record(sandbox: string, content: string): void {
  mkdirSync(join(dir, sandbox), { recursive: true });
  writeFileSync(join(dir, sandbox, "sandbox.json"), content);
}

function ownStartTime(): string {
  const stat = readFileSync("/proc/self/stat", "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-usage-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("sandboxImageUsage", () => {
  it("is not in use without a sandboxes directory", async () => {
    expect(await sandboxImageUsage(join(dir, "missing")).isInUse(imageA)).toBe(false);
  });

  it("counts sandboxes whose owner (ownerPid) is alive", async () => {
    record("s1", JSON.stringify({ imageId: imageA, ownerPid: process.pid }));
    record("s2", JSON.stringify({ imageId: imageB, ownerPid: deadPid }));
    const usage = sandboxImageUsage(dir);
    expect(await usage.isInUse(imageA)).toBe(true);
    expect(await usage.isInUse(imageB)).toBe(false);
  });

  it("reads the container backend's owner { pid, startTime } and detects a recycled pid", async () => {
    record(
      "s1",
      JSON.stringify({ imageId: imageA, owner: { pid: process.pid, startTime: ownStartTime() } }),
    );
    record("s2", JSON.stringify({ imageId: imageB, owner: { pid: process.pid, startTime: "1" } }));
    const usage = sandboxImageUsage(dir);
    expect(await usage.isInUse(imageA)).toBe(true);
    expect(await usage.isInUse(imageB)).toBe(false);
  });

  it("ignores a sandbox without a record and treats a damaged record as using every image", async () => {
    mkdirSync(join(dir, "half-created"));
    expect(await sandboxImageUsage(dir).isInUse(imageA)).toBe(false);
    record("s3", '{"imageId": "aaa');
    expect(await sandboxImageUsage(dir).isInUse(imageA)).toBe(true);
  });
});
