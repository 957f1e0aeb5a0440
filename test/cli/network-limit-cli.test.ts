/**
 * Network policy levels as a user meets them: an image's limit (`airlock image limit`) bounds
 * what `sandbox run --network` and `airlock run` jobs get, and the cut is reported. Runs in a
 * state directory of its own (the default image hard-linked in, so limits set here bind no
 * other test) and in a network namespace of its own: networked sandboxes made here put their
 * veths and nftables tables there, never on the host, and nothing leaves it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingRootFeature, reportSkip } from "../support/host-features.js";

const skip = missingRootFeature();
reportSkip("network limit CLI", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const scratch = mkdtempSync(join(tmpdir(), "airlock-limit-"));
// The sandboxes' unprivileged root must traverse to their rootfs (mkdtemp makes it 0700).
chmodSync(scratch, 0o755);
const state = join(scratch, "state");
const netns = `airlock-limit-${String(process.pid)}`;

function airlock(args: string[], cwd = scratch) {
  const run = spawnSync("nsenter", [`--net=/run/netns/${netns}`, "node", cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, AIRLOCK_STATE_DIR: state },
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The network interfaces a sandbox sees: `lo` alone means no network at all. */
function interfacesSeen(args: string[]): { links: string[]; stderr: string } {
  const run = airlock([
    "sandbox",
    "run",
    "--image",
    "limited",
    ...args,
    "--",
    "ls",
    "/sys/class/net",
  ]);
  expect(run.code, run.stderr).toBe(0);
  return { links: run.stdout.split(/\s+/).filter(Boolean).sort(), stderr: run.stderr };
}

describe.skipIf(skip !== undefined)("image network limits (CLI)", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    execFileSync("ip", ["netns", "add", netns]);
    execFileSync("ip", ["-n", netns, "link", "set", "lo", "up"]);
    // A private copy of the default image: its files hard-linked (never written), its own name.
    const image = JSON.parse(
      execFileSync("node", [cli, "image", "ls", "--json"], { encoding: "utf8" }),
    ) as { id: string; names: string[]; rootfs: string }[];
    const source = image.find((i) => i.names.includes("default"));
    if (source === undefined)
      throw new Error("the default image is missing: run airlock image build");
    const dir = join(state, "images", source.id);
    mkdirSync(join(state, "images", "names"), { recursive: true });
    mkdirSync(dir, { recursive: true });
    execFileSync("cp", ["-al", source.rootfs, join(dir, "rootfs")]);
    writeFileSync(join(dir, "image.json"), readFileSync(join(source.rootfs, "..", "image.json")));
    writeFileSync(
      join(state, "images", "names", "limited.json"),
      JSON.stringify({ id: source.id, extraPackages: [] }),
    );
  });
  afterAll(() => {
    spawnSync("node", [cli, "sandbox", "gc"], {
      env: { ...process.env, AIRLOCK_STATE_DIR: state },
    });
    rmSync(scratch, { recursive: true, force: true });
    execFileSync("ip", ["netns", "del", netns]);
  });

  it("without a limit, --network internet gets a link (the control)", () => {
    expect(interfacesSeen(["--network", "internet"]).links).toEqual(["eth0", "lo"]);
  });

  it("an image limited to none gets no link whatever --network asks, and says why", () => {
    const set = airlock(["image", "limit", "limited", "--network", "none"]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/network limit none/);
    const seen = interfacesSeen(["--network", "internet"]);
    expect(seen.links).toEqual(["lo"]);
    expect(seen.stderr).toContain("network: --network asked for more than image limited allows");
    airlock(["image", "limit", "limited", "--remove"]);
  });

  it("airlock run: a job's AIRLOCK_NETWORK cannot widen the run's --network none", () => {
    const project = join(scratch, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, ".gitlab-ci.yml"),
      "probe:\n  variables:\n    AIRLOCK_NETWORK: internet\n  script: ls /sys/class/net\n",
    );
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", project, "-c", "user.name=t", "-c", "user.email=t@e", ...args]);
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "probe");
    const run = airlock(["run", "--plain", "--network", "none", "--image", "limited"], project);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "probe > network: the job (AIRLOCK_NETWORK) asked for more than the run (--network) allows",
    );
    expect(run.stdout).toMatch(/^probe > lo$/m);
    expect(run.stdout).not.toMatch(/^probe > eth0$/m);
  });
});
