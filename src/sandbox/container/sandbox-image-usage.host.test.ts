import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { currentOwner } from "../owner.host.js";
import { sandboxImageUsage } from "./sandbox-image-usage.host.js";

let dir: string;
const imageA = "a".repeat(64);
const imageB = "b".repeat(64);

function record(sandbox: string, content: string): void {
  mkdirSync(join(dir, sandbox), { recursive: true });
  writeFileSync(join(dir, sandbox, "sandbox.json"), content);
}

function fullRecord(imageId: string, owner: { pid: number; startTime: string }): string {
  return JSON.stringify({
    id: "s",
    backend: "container",
    imageId,
    owner,
    slot: 0,
    hostIdBase: 0,
    containerId: "c",
    createdAt: "",
  });
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

  it("counts sandboxes whose owner is alive and tells a recycled pid by its start time", async () => {
    record("s1", fullRecord(imageA, currentOwner()));
    record("s2", fullRecord(imageB, { pid: process.pid, startTime: "1" }));
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
