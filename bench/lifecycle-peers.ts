// The contenders of the sandbox-lifecycle benchmark: airlock's container backend and the
// bare tools it is compared with. Each one runs the full lifecycle "create, run `true`,
// destroy" once per call and leaves nothing behind, also when it fails.
import { seccompProfile } from "../src/sandbox/container/oci-spec.js";
import { makeSandboxSpec } from "../src/sandbox/sandbox-spec.js";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Cleanup, errorMessage, lastLines, runChecked, runProcess } from "./bench-support.js";

export interface PeerContext {
  /** The image's root filesystem as the bare peers see it (a private read-only bind mount). */
  readonly rootfs: string;
  /** The image name airlock resolves itself. */
  readonly image: string;
  /** A private temporary directory, removed at the end of the run. */
  readonly workDir: string;
  readonly cleanup: Cleanup;
}

export interface Peer {
  readonly name: string;
  /** What one lifecycle runs, for the reader of the JSON. */
  readonly command: string;
  /** One timed lifecycle. Throws when it did not succeed. */
  lifecycle(iteration: number): Promise<void>;
  /** Untimed checks and cleanup after each lifecycle (safety nets, not part of the work). */
  settle?(iteration: number): Promise<void>;
  /** Where a lifecycle in flight is, for the message when it hangs. */
  stage?(): string;
}

export type PeerFactory = (context: PeerContext) => Promise<Peer>;

/** Peer names in the order of the JSON output; the first one is what the ratios compare. */
export const peerNames = [
  "airlock",
  "airlock-warm",
  "airlock-internet",
  "runc",
  "runc-hardened",
  "systemd-nspawn",
  "bwrap",
  "unshare",
] as const;
export type PeerName = (typeof peerNames)[number];

export const peerFactories: Readonly<Record<PeerName, PeerFactory>> = {
  airlock: (context) => airlockPeer(context, 0, "none"),
  "airlock-warm": (context) => airlockPeer(context, 2, "none"),
  "airlock-internet": (context) => airlockPeer(context, 0, "internet"),
  runc: (context) => runcPeer(context, false),
  "runc-hardened": (context) => runcPeer(context, true),
  "systemd-nspawn": nspawnPeer,
  bwrap: commandPeer("bwrap", (rootfs) => [
    "bwrap",
    "--ro-bind",
    rootfs,
    "/",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--unshare-all",
    "true",
  ]),
  unshare: commandPeer("unshare", (rootfs) => [
    "unshare",
    "--mount",
    "--pid",
    "--fork",
    "--net",
    "--ipc",
    "--uts",
    "--mount-proc",
    "chroot",
    rootfs,
    "true",
  ]),
};

/** airlock's hardened container backend, through the public SandboxBackend interface. */
/**
 * airlock's container backend, cold (`warm` 0: every create makes a sandbox) or with a warm
 * pool of `warm` sandboxes made ahead (`pooledBackend`): then create() takes a running
 * sandbox and the replacement is made in the background, competing with the other peers
 * for the same two cores, which the numbers include.
 */
let ownedSweepRegistered = false;

async function airlockPeer(
  context: PeerContext,
  warm: number,
  network: "none" | "internet",
): Promise<Peer> {
  // Loaded lazily so the bare peers still run while the backend cannot be loaded.
  const [{ containerBackend }, { makeSandboxSpec }, { pooledBackend }] = await Promise.all([
    import("../src/sandbox/container/container-backend.js"),
    import("../src/sandbox/sandbox-spec.js"),
    import("../src/sandbox/warm-pool.js"),
  ]);
  // A create that hangs or is cut short never hands back its Sandbox: at the end of the run,
  // every sandbox this process owns goes through the backend's own teardown.
  // Registered once, by the first airlock peer: it runs last, after each peer's own cleanup.
  if (!ownedSweepRegistered) {
    ownedSweepRegistered = true;
    context.cleanup.add("airlock sandboxes owned by this run", removeOwnedSandboxes);
  }
  const cold = containerBackend();
  const probe = await cold.probe();
  if (!probe.usable)
    throw new Error(`container backend unusable: ${probe.reason ?? "no reason given"}`);
  const spec = makeSandboxSpec({
    image: context.image,
    size: { cpus: 1, memoryMiB: 256, diskMiB: 1024, pids: 256 },
    network: { kind: network },
  });
  const pool = warm > 0 ? pooledBackend(cold, { size: warm, template: spec }) : undefined;
  if (pool !== undefined) {
    context.cleanup.add("airlock warm pool", async () => {
      await pool[Symbol.asyncDispose]();
    });
  }
  const backend = pool ?? cold;
  let stage = "idle";
  return {
    name: warm > 0 ? "airlock-warm" : network === "internet" ? "airlock-internet" : "airlock",
    stage: () => stage,
    command: `${warm > 0 ? `pooledBackend(containerBackend(), { size: ${warm} })` : "containerBackend()"}.create(makeSandboxSpec({ image: "${context.image}", size: { cpus: 1, memoryMiB: 256, diskMiB: 1024, pids: 256 }, network: { kind: "${network}" } })); exec(["true"]); destroy()`,
    async lifecycle() {
      stage = "create";
      const sandbox = await backend.create(spec);
      const forget = context.cleanup.add(`airlock sandbox ${sandbox.id}`, async () => {
        await sandbox.destroy();
      });
      try {
        stage = `exec in ${sandbox.id}`;
        const result = await sandbox.exec(["true"], { timeoutMs: 60_000 });
        if (result.end !== "exited" || result.exitCode !== 0) {
          throw new Error(`exec(["true"]) ended ${result.end} with exit code ${result.exitCode}`);
        }
      } finally {
        stage = `destroy of ${sandbox.id}`;
        await sandbox.destroy();
        forget();
        stage = "idle";
      }
    },
  };
}

/** Ids and id-range slots of the container sandboxes whose record names this process. */
export async function ownedSandboxes(): Promise<
  { id: string; slot: number; networkSlot: number | undefined }[]
> {
  const [{ sandboxesDir }, { readRecord }] = await Promise.all([
    import("../src/sandbox/container/container-paths.js"),
    import("../src/sandbox/container/sandbox-record.js"),
  ]);
  const owned: { id: string; slot: number; networkSlot: number | undefined }[] = [];
  for (const id of await readdir(sandboxesDir()).catch(() => [])) {
    const record = await readRecord(join(sandboxesDir(), id));
    if (record?.owner.pid === process.pid) {
      owned.push({ id, slot: record.slot, networkSlot: record.networkSlot });
    }
  }
  return owned;
}

/** Tears down every container sandbox whose record names this process as its owner. */
async function removeOwnedSandboxes(): Promise<void> {
  const { teardownContainer } = await import("../src/sandbox/container/teardown.host.js");
  for (const { id, slot, networkSlot } of await ownedSandboxes()) {
    const report = await teardownContainer(id, { slot, networkSlot });
    process.stderr.write(`bench: removed sandbox ${id} left by an unfinished lifecycle\n`);
    if (report.leftovers.length > 0) {
      throw new Error(`sandbox ${id} left: ${report.leftovers.join(", ")}`);
    }
  }
}

/**
 * Bare runc: `runc spec` defaults (no user namespace) with a read-only root, the network
 * namespace removed and args ["true"]; a fresh bundle directory and container id per run.
 * `runc run` in the foreground deletes the container when its process exits, so the
 * `runc delete -f` that follows is a safety net and runs untimed.
 *
 * `hardened` adds what runc itself pays for airlock's isolation: a user namespace (host ids
 * 2^30 - 2*65536 and up, below airlock's ranges) with the network namespace sysfs then needs,
 * airlock's own seccomp filter, and the same
 * cpu, memory and pids limits. The ratio airlock/runc-hardened is then what airlock adds on
 * top of the runtime for the same kernel-level isolation (its disk, overlay and agent).
 */
async function runcPeer(context: PeerContext, hardened: boolean): Promise<Peer> {
  // Root of a user namespace is an unprivileged host uid: it must traverse to the rootfs.
  if (hardened) await chmod(context.workDir, 0o711);
  const template = join(context.workDir, "runc-template");
  await mkdir(template);
  await runChecked(["runc", "spec", "--bundle", template]);
  const config = JSON.parse(await readFile(join(template, "config.json"), "utf8")) as RuncConfig;
  await rm(template, { recursive: true, force: true });
  config.process.terminal = false;
  config.process.args = ["true"];
  config.root = { path: context.rootfs, readonly: true };
  config.linux.namespaces = config.linux.namespaces.filter((ns) => ns.type !== "network");
  const name = hardened ? "runc-hardened" : "runc";
  const configText = JSON.stringify(hardened ? harden(config) : config);
  const idOf = (iteration: number): string => `bench-${name}-${process.pid}-${iteration}`;
  const bundleOf = (iteration: number): string => join(context.workDir, `runc-${iteration}`);
  const forgets = new Map<number, () => void>();
  const remove = async (iteration: number): Promise<void> => {
    await runChecked(["runc", "delete", "--force", idOf(iteration)]);
    await rm(bundleOf(iteration), { recursive: true, force: true });
  };
  return {
    name,
    command: `runc run --bundle <tmp> <unique id> (runc spec defaults${hardened ? " + user namespace, airlock's seccomp filter and limits" : ""}, root ${context.rootfs} read-only, no network namespace, args ["true"]); runc delete -f afterwards, untimed`,
    async lifecycle(iteration) {
      const bundle = bundleOf(iteration);
      forgets.set(
        iteration,
        context.cleanup.add(`runc container ${idOf(iteration)}`, () => remove(iteration)),
      );
      await mkdir(bundle);
      await writeFile(join(bundle, "config.json"), configText);
      const result = await runProcess(["runc", "run", "--bundle", bundle, idOf(iteration)]);
      await rm(bundle, { recursive: true, force: true });
      if (result.exitCode !== 0) {
        throw new Error(
          `runc run exited ${result.exitCode ?? result.signal ?? "?"}: ${lastLines(result.stderr)}`,
        );
      }
    },
    async settle(iteration) {
      await remove(iteration);
      forgets.get(iteration)?.();
      forgets.delete(iteration);
    },
  };
}

interface RuncConfig {
  process: { terminal: boolean; args: string[] };
  root: { path: string; readonly: boolean };
  linux: { namespaces: { type: string }[] } & Record<string, unknown>;
}

function harden(config: RuncConfig): RuncConfig {
  const ids = [{ containerID: 0, hostID: 2 ** 30 - 2 * 65536, size: 65536 }];
  const limits = makeSandboxSpec({
    size: { cpus: 1, memoryMiB: 256, diskMiB: 1024, pids: 256 },
  }).size;
  return {
    ...config,
    linux: {
      ...config.linux,
      namespaces: [...config.linux.namespaces, { type: "user" }, { type: "network" }],
      uidMappings: ids,
      gidMappings: ids,
      seccomp: seccompProfile(),
      resources: {
        memory: { limit: limits.memoryMiB * 2 ** 20 },
        cpu: { quota: limits.cpus * 100_000, period: 100_000 },
        pids: { limit: limits.pids },
      },
    },
  };
}

/**
 * systemd-nspawn without systemd as PID 1: `--register=no` (no machined) and `--keep-unit`
 * (no scope unit from the system bus, which does not exist here). nspawn keeps its lock and
 * propagation directories in /run/systemd/nspawn; when the run created them, they go again.
 */
async function nspawnPeer(context: PeerContext): Promise<Peer> {
  const stateDir = "/run/systemd/nspawn";
  if (!existsSync(stateDir)) {
    context.cleanup.add(stateDir, async () => {
      for (const dir of [join(stateDir, "locks"), join(stateDir, "propagate"), stateDir]) {
        // rmdir, never a recursive delete: only empty directories nspawn left go.
        await rmdir(dir).catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        });
      }
    });
  }
  const peer = commandPeer("systemd-nspawn", (rootfs) => [
    "systemd-nspawn",
    "--quiet",
    "--register=no",
    "--keep-unit",
    "--directory",
    rootfs,
    "--read-only",
    "--pipe",
    "true",
  ]);
  return peer(context);
}

/** A peer that is one host command: the lifecycle is that command exiting 0. */
function commandPeer(name: string, argvOf: (rootfs: string) => string[]): PeerFactory {
  return (context) => {
    const argv = argvOf(context.rootfs);
    return Promise.resolve({
      name,
      command: argv.join(" "),
      async lifecycle() {
        const result = await runProcess(argv).catch((error: unknown) => {
          throw new Error(`${argv[0] ?? name} cannot start: ${errorMessage(error)}`);
        });
        if (result.exitCode !== 0) {
          throw new Error(
            `${name} exited ${result.exitCode ?? result.signal ?? "?"}: ${lastLines(result.stderr)}`,
          );
        }
      },
    });
  };
}
