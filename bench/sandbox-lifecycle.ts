// Sandbox lifecycle benchmark: "create, run `true`, destroy", airlock against bare runc,
// systemd-nspawn, bwrap and unshare on the same image rootfs, interleaved round-robin in
// one run. Prints one JSON document on stdout (progress on stderr) and never asserts on
// time: the targets in DESIGN.md ("Performance targets") are reported as met or not.
//
//   bash bench/run [--iterations N] [--warmup N] [--peers a,b] [--image NAME] [--rootfs DIR]
import { FlagReader, UsageError } from "./flag-reader.js";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { cpus, release, tmpdir } from "node:os";
import { join } from "node:path";
import {
  Cleanup,
  errorMessage,
  round,
  runChecked,
  runProcess,
  summarize,
  type Summary,
} from "./bench-support.js";
import {
  ownedSandboxes,
  type Peer,
  type PeerName,
  peerFactories,
  peerNames,
} from "./lifecycle-peers.js";

interface Options {
  readonly iterations: number;
  readonly warmup: number;
  readonly peers: readonly PeerName[];
  readonly image: string;
  readonly rootfs: string | undefined;
  readonly timeoutS: number;
}

/** DESIGN.md, "Performance targets": airlock's median lifecycle over the peer's, at most. */
const targets: Readonly<Partial<Record<PeerName, number>>> = {
  runc: 1.2,
  "systemd-nspawn": 0.5,
};

type PeerResult = (Summary & { readonly command: string }) | { readonly error: string };

const usage =
  "usage: bash bench/run [--iterations N (30)] [--warmup N (3)] [--peers airlock,runc,...]\n" +
  "                      [--image NAME (default)] [--rootfs DIR (the image's rootfs)]\n" +
  "                      [--timeout SECONDS per lifecycle (120)]\n";

function parseOptions(argv: readonly string[]): Options {
  let iterations = 30;
  let warmup = 3;
  let peers: readonly PeerName[] = peerNames;
  let image = "default";
  let rootfs: string | undefined;
  let timeoutS = 120;
  const flags = new FlagReader(argv);
  for (let flag = flags.next(); flag !== undefined; flag = flags.next()) {
    switch (flag) {
      case "--iterations":
        iterations = flags.count(1);
        break;
      case "--warmup":
        warmup = flags.count(0);
        break;
      case "--peers":
        peers = flags.subset(peerNames, "peer(s)");
        break;
      case "--image":
        image = flags.value();
        break;
      case "--rootfs":
        rootfs = flags.value();
        break;
      case "--timeout":
        timeoutS = flags.count(1);
        break;
      case "--help":
      case "-h":
        process.stdout.write(usage);
        process.exit(0);
        break;
      default:
        throw flags.unknown();
    }
  }
  return { iterations, warmup, peers, image, rootfs, timeoutS };
}

/**
 * Rejects when `work` has not settled after `ms`. The work itself goes on (it cannot be
 * cancelled); the cleanup at the end of the run removes what it made.
 */
async function withTimeout<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(message()));
    }, ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The image's rootfs directory: `--rootfs`, else resolveImage(image) from the image store. */
async function imageRootfs(options: Options): Promise<string> {
  if (options.rootfs !== undefined) return options.rootfs;
  const { resolveImage } = await import("../src/image/image-store.js");
  return (await resolveImage(options.image)).rootfs;
}

/**
 * A private, read-only bind mount of the image rootfs for the bare peers: the same files,
 * but no peer can write into the shared image (runc creating a missing mount point would).
 */
async function readOnlyView(rootfs: string, workDir: string, cleanup: Cleanup): Promise<string> {
  const view = join(workDir, "rootfs");
  await mkdir(view);
  cleanup.add(`mount ${view}`, async () => {
    if (isMountPoint(view)) await runChecked(["umount", view]);
  });
  await runChecked(["mount", "--bind", rootfs, view]);
  await runChecked(["mount", "-o", "remount,bind,ro", view]);
  await runChecked(["mount", "--make-private", view]);
  return view;
}

function mountPoints(): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))));
}

function isMountPoint(path: string): boolean {
  return mountPoints().includes(path);
}

async function hostInfo(): Promise<Record<string, unknown>> {
  const firstLine = async (argv: string[]): Promise<string | null> => {
    try {
      const r = await runProcess(argv);
      return (r.stdout || r.stderr).trim().split("\n")[0] ?? null;
    } catch {
      return null;
    }
  };
  const runcLine = await firstLine(["runc", "--version"]);
  return {
    cpus: cpus().length,
    kernel: release(),
    runc: runcLine?.replace(/^runc version\s*/, "") ?? null,
    node: process.version,
    cgroups: existsSync("/sys/fs/cgroup/cgroup.controllers") ? "v2" : "v1/hybrid",
    systemdNspawn: await firstLine(["systemd-nspawn", "--version"]),
    bwrap: await firstLine(["bwrap", "--version"]),
    unshare: await firstLine(["unshare", "--version"]),
  };
}

/** What of the run is still on the host after cleanup: must be empty. */
async function leftovers(workDir: string): Promise<string[]> {
  const left: string[] = [];
  for (const mount of mountPoints())
    if (mount.startsWith(`${workDir}/`)) left.push(`mount ${mount}`);
  if (existsSync(workDir)) left.push(`directory ${workDir}`);
  const prefix = `bench-runc-${process.pid}-`;
  const list = await runProcess(["runc", "list", "--quiet"]).catch(() => undefined);
  for (const id of list?.stdout.split("\n") ?? [])
    if (id.startsWith(prefix)) left.push(`runc container ${id}`);
  const owned = await ownedSandboxes().catch(() => []);
  for (const { id } of owned) left.push(`airlock sandbox ${id}`);
  return left;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${usage}`);
    return 2;
  }
  const cleanup = new Cleanup();
  cleanup.installSignalHandlers();
  const workDir = await mkdtemp(join(tmpdir(), "airlock-bench-"));
  cleanup.add(`directory ${workDir}`, () => rm(workDir, { recursive: true, force: true }));

  const results = new Map<PeerName, PeerResult>();
  const samples = new Map<PeerName, number[]>();
  const active = new Map<PeerName, Peer>();
  let completed = 0;
  try {
    let rootfs: string | undefined;
    let rootfsError = "";
    try {
      rootfs = await imageRootfs(options);
      if (!existsSync(rootfs)) throw new Error(`${rootfs} does not exist`);
      rootfs = await readOnlyView(rootfs, workDir, cleanup);
      progress(`bench: image rootfs for the bare peers: ${rootfs} (read-only view)`);
    } catch (error: unknown) {
      rootfsError = `no image rootfs: ${errorMessage(error)}`;
      progress(`bench: ${rootfsError}`);
    }
    for (const name of options.peers) {
      try {
        if (rootfs === undefined && name !== "airlock") throw new Error(rootfsError);
        const peer = await peerFactories[name]({
          rootfs: rootfs ?? "",
          image: options.image,
          workDir,
          cleanup,
        });
        active.set(name, peer);
        samples.set(name, []);
      } catch (error: unknown) {
        results.set(name, { error: errorMessage(error) });
        progress(`bench: ${name}: cannot run: ${errorMessage(error)}`);
      }
    }

    const rounds = options.warmup + options.iterations;
    for (let round = 0; round < rounds && !cleanup.stopRequested(); round++) {
      const names = [...active.keys()];
      // Round-robin with a rotating start, so neither drift nor "who ran just before" favours a peer.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      const line: string[] = [];
      for (const name of order) {
        if (name === undefined || cleanup.stopRequested()) continue;
        const peer = active.get(name);
        if (peer === undefined) continue;
        const start = performance.now();
        try {
          await withTimeout(peer.lifecycle(round), options.timeoutS * 1000, () =>
            [
              `one lifecycle took over ${options.timeoutS} s`,
              peer.stage === undefined ? "" : ` (hung in ${peer.stage()})`,
            ].join(""),
          );
          const ms = performance.now() - start;
          if (round >= options.warmup) samples.get(name)?.push(ms);
          line.push(`${name} ${ms.toFixed(1)}ms`);
        } catch (error: unknown) {
          active.delete(name);
          results.set(name, { error: `round ${round}: ${errorMessage(error)}` });
          progress(`bench: ${name} failed, dropped from the run: ${errorMessage(error)}`);
        } finally {
          await peer.settle?.(round).catch((error: unknown) => {
            progress(`bench: ${name}: cleanup after round ${round} failed: ${errorMessage(error)}`);
          });
        }
      }
      if (round >= options.warmup) completed++;
      const label =
        round < options.warmup
          ? `warm-up ${round + 1}/${options.warmup}`
          : `iteration ${round - options.warmup + 1}/${options.iterations}`;
      progress(`bench: ${label}: ${line.join(", ")}`);
    }
  } finally {
    await cleanup.runAll();
  }
  if (cleanup.stopRequested()) {
    progress(`bench: interrupted after ${completed} iterations; cleaned up, no results printed`);
    return 130;
  }

  for (const [name, peer] of active) {
    const taken = samples.get(name) ?? [];
    results.set(
      name,
      taken.length > 0 ? { ...summarize(taken), command: peer.command } : { error: "no samples" },
    );
  }
  const medianOf = (name: PeerName): number | undefined => {
    const r = results.get(name);
    return r !== undefined && "medianMs" in r ? r.medianMs : undefined;
  };
  const ratios: Record<string, number | null> = {};
  const targetReport: Record<string, { max: number; ratio: number | null; met: boolean | null }> =
    {};
  // Both airlock variants against every bare peer: cold (each create makes a sandbox) and
  // warm (a pool made ahead; its refills compete for the same cores during the run).
  for (const mine of ["airlock", "airlock-warm", "airlock-internet"] as const) {
    const airlock = medianOf(mine);
    for (const name of peerNames) {
      if (name === "airlock" || name === "airlock-warm" || name === "airlock-internet") continue;
      const peer = medianOf(name);
      const ratio =
        airlock !== undefined && peer !== undefined && peer > 0 ? round(airlock / peer) : null;
      ratios[`${mine}/${name}`] = ratio;
      const max = targets[name];
      if (max !== undefined)
        targetReport[`${mine}/${name}`] = { max, ratio, met: ratio === null ? null : ratio <= max };
    }
  }
  const document = {
    benchmark: "sandbox-lifecycle: create, run `true`, destroy",
    iterations: options.iterations,
    warmup: options.warmup,
    results: Object.fromEntries(
      peerNames.filter((n) => results.has(n)).map((n) => [n, results.get(n)]),
    ),
    ratios,
    targets: targetReport,
    host: await hostInfo(),
    leftovers: await leftovers(workDir),
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
