/**
 * `airlock sandbox run` as a user meets it: exit statuses, the limits' own reasons, clear
 * errors with their fix, Ctrl-C. Runs the built CLI (`dist/`, rebuilt here) as a process.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { airlockFootprint } from "../support/airlock-footprint.host.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";

const skip = missingRootFeature();
reportSkip("sandbox run CLI", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function airlock(args: readonly string[], interruptAfterMs?: number): Promise<Run> {
  const child = spawn("node", [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  if (interruptAfterMs !== undefined) {
    // Interrupt once the command runs (its output appears), as a person pressing Ctrl-C would.
    for (let t = 0; t < 200 && !stdout.includes("started"); t++) await sleep(50);
    await sleep(interruptAfterMs);
    child.kill("SIGINT");
  }
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}

// Tests here run in the host's network namespace: their sandboxes get no network at all.
const small = ["--network", "none", "--memory", "128m", "--disk", "64m", "--cpus", "1"];

describe.skipIf(skip !== undefined)("airlock sandbox run (CLI)", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
  });

  it("streams output and exits with the command's own status", async () => {
    const run = await airlock([
      "sandbox",
      "run",
      ...small,
      "--",
      "sh",
      "-c",
      "echo out; echo err >&2; exit 3",
    ]);
    expect(run).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
  });

  it("passes -e variables and runs as root", async () => {
    const run = await airlock([
      "sandbox",
      "run",
      ...small,
      "-e",
      "GREETING=hi there",
      "--",
      "sh",
      "-c",
      'echo "$GREETING $(id -u)"',
    ]);
    expect(run.stdout).toBe("hi there 0\n");
    expect(run.code).toBe(0);
  });

  it("ends a command at --timeout with 124 and says so", async () => {
    const run = await airlock(["sandbox", "run", ...small, "--timeout", "1s", "--", "sleep", "60"]);
    expect(run.code).toBe(124);
    expect(run.stderr).toMatch(/timed out after 1s/);
  });

  it("reports a command killed for exceeding --memory as out of memory, 137", async () => {
    const bomb =
      "head -c 600m /dev/zero | tail -c 1 >/dev/null; x=$(head -c 400m /dev/zero | tr '\\0' a); echo survived";
    const run = await airlock([
      "sandbox",
      "run",
      "--network",
      "none",
      "--memory",
      "64m",
      "--disk",
      "64m",
      "--",
      "sh",
      "-c",
      bomb,
    ]);
    expect(run.code).toBe(137);
    expect(run.stderr).toMatch(/out of memory \(limit 64 MiB/);
    expect(run.stdout).not.toMatch(/survived/);
  });

  it("names a missing image and how to build it", async () => {
    const run = await airlock(["sandbox", "run", "--image", "no-such-image", "--", "true"]);
    expect(run.code).toBe(66);
    expect(run.stderr).toMatch(/AIRLOCK_E_IMAGE_NOT_FOUND.*no-such-image/);
    expect(run.stderr).toMatch(/fix: run `airlock image build no-such-image`/);
  });

  it("rejects a bad size with the flag, the value and the expected form", async () => {
    const run = await airlock(["sandbox", "run", "--memory", "lots", "--", "true"]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/--memory: "lots" is not a size/);
    expect(run.stderr).toMatch(/fix: .*512m/);
  });

  it("refuses --allow without --network allowlist, saying what to add", async () => {
    const run = await airlock(["sandbox", "run", "--allow", "example.com", "--", "true"]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/--allow needs --network allowlist/);
  });

  it("names a malformed allow entry and the expected form", async () => {
    const run = await airlock([
      "sandbox",
      "run",
      "--network",
      "allowlist",
      "--allow",
      "exa mple.com:99999",
      "--",
      "true",
    ]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/exa mple\.com:99999/);
  });

  it("on Ctrl-C ends the command, destroys the sandbox and exits 130", async () => {
    const run = await airlock(
      ["sandbox", "run", ...small, "--", "sh", "-c", "echo started; sleep 60"],
      200,
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/interrupted; the sandbox was destroyed/);
    expect(airlockFootprint()).toEqual([]);
  });
});
