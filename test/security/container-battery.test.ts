/**
 * Keeps the battery's three descriptions in step, without root: the probe ids of the doc's
 * "Container probes" table, the probes probe.c implements, and the expectations as data.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { containerBattery, containerProbeIds } from "./container-battery.js";
import { matchesOutcome } from "./outcome.js";
import { parseProbeOutput } from "./probe-line.js";

const repo = join(import.meta.dirname, "..", "..");
const resourceProbes = ["fork-bomb", "memory-bomb", "disk-fill", "cpu-hog"];

const docPath = join(repo, "docs", "escape-battery.md");

function docProbeIds(): string[] {
  const doc = readFileSync(docPath, "utf8");
  const table = doc.split("## Container probes")[1]?.split("\n## ")[0] ?? "";
  return [...table.matchAll(/^\| ([a-z][a-z0-9-]*) \|/gm)]
    .map((m) => m[1] ?? "")
    .filter((id) => id !== "id");
}

function probeCIds(): string[] {
  const source = readFileSync(join(import.meta.dirname, "probe", "probe.c"), "utf8");
  const table = source.split("} probes[] = {")[1]?.split("};")[0] ?? "";
  return [...table.matchAll(/\{"([a-z0-9-]+)", probe_/g)].map((m) => m[1] ?? "");
}

describe("container battery data", () => {
  it("covers every container probe of the doc", (ctx) => {
    if (!existsSync(docPath)) ctx.skip("docs/escape-battery.md is not in the repository");
    const missing = docProbeIds().filter(
      (id) => !resourceProbes.includes(id) && !containerProbeIds.includes(id),
    );
    expect(missing).toEqual([]);
  });

  it("has expectations for exactly the probes probe.c runs", () => {
    expect([...probeCIds()].sort()).toEqual([...containerProbeIds].sort());
  });

  it("names each step once", () => {
    const keys = containerBattery.map((e) => `${e.id}/${e.step}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("parses probe lines with the type guard and tells blocked from reached", () => {
    const { lines, noise } = parseProbeOutput(
      '{"id":"keyctl","step":"add_key","ret":-1,"errno":"EPERM"}\nnot json\n{"id":1}\n' +
        '{"id":"clock","step":"clock_settime","ret":-1,"errno":"EINVAL","detail":"invalid timespec"}\n',
    );
    expect(noise).toEqual(["not json", '{"id":1}']);
    const [keyctl, clock] = lines;
    const addKey = containerBattery.find((e) => e.id === "keyctl" && e.step === "add_key");
    const settime = containerBattery.find((e) => e.id === "clock" && e.step === "clock_settime");
    if (addKey === undefined || settime === undefined || typeof settime.weak === "string")
      throw new Error("rows missing");
    expect(matchesOutcome(addKey.hardened, keyctl)).toBe(true);
    expect(matchesOutcome(settime.hardened, clock)).toBe(false);
    expect(matchesOutcome(settime.weak, clock)).toBe(true);
  });
});
