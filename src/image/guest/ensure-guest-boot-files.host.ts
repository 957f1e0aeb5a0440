import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { AirlockError } from "../../core/airlock-error.js";
import { nativeBinary } from "../../core/native-binary.host.js";
import { runCommand } from "../../core/run-command.host.js";
import { stateDir } from "../../core/state-dir.js";
import { tmpDirName, tmpDirPattern } from "../image-store-paths.js";
import { isPidAlive } from "../process-alive.js";
import { cpioNewc, type CpioEntry } from "./cpio-newc.js";
import {
  guestBootFormat,
  guestBootKey,
  guestModules,
  parseGuestBootMeta,
  type GuestBootInputs,
  type GuestBootMeta,
} from "./guest-boot-meta.js";
import { guestBootDir, guestDir } from "./guest-store-paths.js";
import { moduleLoadOrder, normaliseModuleName } from "./module-load-order.js";
import { parseKernelDependency, type KernelPackage } from "./parse-apt-package.js";
import { moduleDepends, readModinfo } from "./read-modinfo.js";
import { makeModulesDisk } from "./make-modules-disk.host.js";

/** Debian's meta-package for the kernel built for virtual machines. */
export const kernelMetaPackage = "linux-image-cloud-amd64";

/** The boot files of a microVM guest, all inside the image store. */
export interface GuestBootFiles {
  /** bzImage to pass as `-kernel`. */
  readonly kernel: string;
  /**
   * gzip'd cpio to pass as `-initrd`; its /init is native/guest-init.c, which runs
   * native/sandbox-init.c, at /sbin/airlock-agent, as the agent on the virtio-serial port.
   */
  readonly initramfs: string;
  /**
   * The kernel's whole module tree, indexed by depmod, as a read-only ext4 disk (serial
   * `airlock-modules`; guest-init mounts it at /lib/modules/<release>).
   */
  readonly modules: string;
  /** The guest's `uname -r`, e.g. `6.1.0-56-cloud-amd64`. */
  readonly kernelVersion: string;
  /** The Debian package version the kernel came from, e.g. `6.1.192-2`. */
  readonly packageVersion: string;
}

/**
 * Returns the guest boot files for the current candidate of linux-image-cloud-amd64 (from
 * the host's apt lists) and the current native/guest-init.c, building them on first use:
 * the kernel package is fetched with `apt-get download` and unpacked with `dpkg-deb -x` into
 * a private build directory (nothing is installed on the host), and the initramfs is written
 * from guest-init and the virtio modules the kernel does not have built in.
 * Idempotent and safe against concurrent callers: a build happens in its own `.tmp-<pid>-*`
 * directory and is renamed into place whole; a caller that loses the race uses the winner's.
 * Without usable apt lists it falls back to the newest stored build of the same init.
 * Needs root (the image store), apt and dpkg, gcc (guest-init), and the Debian mirror on a
 * first build.
 */
export function ensureGuestBootFiles(): Promise<GuestBootFiles> {
  // Once per process and state directory: every microVM create asks, and answering costs an
  // `apt-cache show` and two hashes. A kernel update is picked up by the next airlock process.
  const key = stateDir();
  let files = resolved.get(key);
  if (files === undefined) {
    files = resolveGuestBootFiles();
    resolved.set(key, files);
    files.catch(() => resolved.delete(key));
  }
  return files;
}

const resolved = new Map<string, Promise<GuestBootFiles>>();

/** ensureGuestBootFiles without the per-process memory: asks apt and the store every time. */
export async function resolveGuestBootFiles(): Promise<GuestBootFiles> {
  const [initPath, agentPath] = await guestBinaries();
  const init = await readFile(initPath);
  const agent = await readFile(agentPath);
  const initSha256 = programsSha256(init, agent);
  const kernel = await resolveKernelPackage();
  if (kernel === undefined) {
    const stored = await newestStoredBuild(initSha256);
    if (stored !== undefined) return stored;
    throw new AirlockError(
      "AIRLOCK_E_HOST_MISSING",
      `apt does not know the package ${kernelMetaPackage}, needed for the microVM guest kernel`,
      { fix: "run `apt-get update` (the host needs a Debian bookworm or later source)" },
    );
  }
  const inputs: GuestBootInputs = {
    kernelPackage: kernel.name,
    kernelPackageVersion: kernel.version,
    initSha256,
    modules: [...guestModules],
  };
  const key = guestBootKey(inputs);
  const existing = await readStored(key);
  if (existing !== undefined) return existing;

  await mkdir(guestDir(), { recursive: true, mode: 0o755 });
  await removeStaleBuilds();
  const tmp = join(guestDir(), tmpDirName(process.pid, randomBytes(6).toString("hex")));
  await mkdir(tmp, { mode: 0o755 });
  try {
    await buildInto(tmp, inputs, kernel, { init, agent });
    try {
      await rename(tmp, guestBootDir(key));
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another builder finished first: its files are the same; use them.
      if (code !== "EEXIST" && code !== "ENOTEMPTY") throw error;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const built = await readStored(key);
  if (built === undefined) {
    throw new AirlockError(
      "AIRLOCK_E_INTERNAL",
      `guest boot files ${key} vanished after the build`,
    );
  }
  return built;
}

const initBuilds = new Map<string, Promise<readonly [string, string]>>();

/**
 * nativeBinary("guest-init") and nativeBinary("sandbox-init") (the agent), shared by
 * concurrent callers of this process so that one process builds each once.
 */
function guestBinaries(): Promise<readonly [string, string]> {
  const key = stateDir();
  let build = initBuilds.get(key);
  if (build === undefined) {
    build = Promise.all([nativeBinary("guest-init"), nativeBinary("sandbox-init")]);
    initBuilds.set(key, build);
    build.catch(() => initBuilds.delete(key));
  }
  return build;
}

/** GuestBootInputs.initSha256: sha256 over both programs, each preceded by its length. */
function programsSha256(init: Buffer, agent: Buffer): string {
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64LE(BigInt(init.length), 0);
  lengths.writeBigUInt64LE(BigInt(agent.length), 8);
  return sha256(Buffer.concat([lengths, init, agent]));
}

async function resolveKernelPackage(): Promise<KernelPackage | undefined> {
  const shown = await runCommand(["apt-cache", "show", "--no-all-versions", kernelMetaPackage]);
  return shown.exitCode === 0 ? parseKernelDependency(shown.stdout) : undefined;
}

async function buildInto(
  dir: string,
  inputs: GuestBootInputs,
  kernel: KernelPackage,
  programs: { readonly init: Buffer; readonly agent: Buffer },
): Promise<void> {
  const download = join(dir, "download");
  const tree = join(dir, "tree");
  await mkdir(download, { mode: 0o755 });
  const fetched = await runCommand(["apt-get", "download", `${kernel.name}=${kernel.version}`], {
    cwd: download,
    timeoutMs: 600_000,
  });
  const deb = (await readdir(download)).find((f) => f.endsWith(".deb"));
  if (fetched.exitCode !== 0 || deb === undefined) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_BUILD_FAILED",
      `downloading ${kernel.name} ${kernel.version} failed: ${fetched.stderr.trim()}`,
      { fix: "check that the Debian mirror is reachable (`apt-get update`), then retry" },
    );
  }
  const unpacked = await runCommand(["dpkg-deb", "-x", join(download, deb), tree]);
  if (unpacked.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_BUILD_FAILED",
      `unpacking ${deb} failed: ${unpacked.stderr.trim()}`,
      { fix: "remove the damaged download with `apt-get clean` and retry" },
    );
  }
  const releases = await readdir(join(tree, "lib", "modules"));
  const [release] = releases;
  if (release === undefined || releases.length !== 1) {
    throw new AirlockError(
      "AIRLOCK_E_INTERNAL",
      `${kernel.name} ships modules for ${releases.length} kernel releases, expected 1`,
    );
  }
  const moduleRoot = join(tree, "lib", "modules", release);
  await copyFile(join(tree, "boot", `vmlinuz-${release}`), join(dir, "vmlinuz"));

  const plan = await planModules(moduleRoot, inputs.modules);
  const entries: CpioEntry[] = [
    { kind: "dir", path: "dev", mode: 0o755 },
    { kind: "char", path: "dev/console", mode: 0o600, major: 5, minor: 1 },
    { kind: "dir", path: "proc", mode: 0o555 },
    { kind: "dir", path: "sys", mode: 0o555 },
    { kind: "dir", path: "etc", mode: 0o755 },
    { kind: "dir", path: "lib", mode: 0o755 },
    { kind: "dir", path: "lib/modules", mode: 0o755 },
    { kind: "file", path: "init", mode: 0o755, data: programs.init },
    { kind: "dir", path: "sbin", mode: 0o755 },
    { kind: "file", path: "sbin/airlock-agent", mode: 0o755, data: programs.agent },
    {
      kind: "file",
      path: "etc/airlock-modules",
      mode: 0o644,
      data: Buffer.from(plan.load.map((m) => `${m}.ko\n`).join("")),
    },
  ];
  for (const name of plan.load) {
    const file = plan.files.get(name);
    if (file === undefined) throw new AirlockError("AIRLOCK_E_INTERNAL", `module ${name} lost`);
    entries.push({
      kind: "file",
      path: `lib/modules/${name}.ko`,
      mode: 0o644,
      data: await readFile(file),
    });
  }
  const initramfs = gzipSync(cpioNewc(entries), { level: 9 });
  await writeFile(join(dir, "initramfs.img"), initramfs, { mode: 0o644 });
  await makeModulesDisk(tree, release, join(dir, "modules.ext4"));
  await rm(download, { recursive: true, force: true });
  await rm(tree, { recursive: true, force: true });

  const meta: GuestBootMeta = {
    ...inputs,
    format: guestBootFormat,
    kernelRelease: release,
    loadOrder: plan.load,
    builtin: plan.builtin,
    kernelSha256: sha256(await readFile(join(dir, "vmlinuz"))),
    initramfsSha256: sha256(initramfs),
    createdAt: new Date().toISOString(),
  };
  // Written last: a directory with a valid meta.json is complete.
  await writeFile(join(dir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o644 });
}

interface ModuleFiles {
  readonly load: readonly string[];
  readonly builtin: readonly string[];
  /** Module name -> its .ko in the unpacked package. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Which modules /init must load, in order, for `wanted`: dependencies come from each
 * module's own .modinfo `depends=` (the data depmod writes to modules.dep; the package ships
 * no modules.dep, and the host may have no depmod), built-ins from modules.builtin.
 */
async function planModules(moduleRoot: string, wanted: readonly string[]): Promise<ModuleFiles> {
  const files = new Map<string, string>();
  for (const entry of await readdir(join(moduleRoot, "kernel"), { recursive: true })) {
    const base = entry.split("/").pop() ?? "";
    if (/\.ko\.(xz|zst|gz)$/.test(base)) {
      throw new AirlockError(
        "AIRLOCK_E_INTERNAL",
        `the guest kernel ships compressed modules (${base}), which guest-init cannot load yet`,
      );
    }
    if (base.endsWith(".ko"))
      files.set(normaliseModuleName(base.slice(0, -3)), join(moduleRoot, "kernel", entry));
  }
  const builtinText = await readFile(join(moduleRoot, "modules.builtin"), "utf8").catch(() => "");
  const builtin = new Set(
    builtinText
      .split("\n")
      .filter((l) => l.endsWith(".ko"))
      .map((l) => normaliseModuleName((l.split("/").pop() ?? "").slice(0, -3))),
  );
  // Read the .modinfo of every module reachable from `wanted`, then order them.
  const depends = new Map<string, readonly string[]>();
  const queue = wanted.map(normaliseModuleName);
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const file = files.get(name);
    if (depends.has(name) || builtin.has(name) || file === undefined) continue;
    const deps = moduleDepends(readModinfo(await readFile(file))).map(normaliseModuleName);
    depends.set(name, deps);
    queue.push(...deps);
  }
  try {
    const plan = moduleLoadOrder(wanted, (n) => depends.get(n), builtin);
    return { ...plan, files };
  } catch (error: unknown) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_BUILD_FAILED",
      `guest kernel modules: ${String(error)}`,
      {
        fix: `report this: ${kernelMetaPackage} no longer fits airlock's guest`,
      },
    );
  }
}

async function readStored(key: string): Promise<GuestBootFiles | undefined> {
  const dir = guestBootDir(key);
  const text = await readFile(join(dir, "meta.json"), "utf8").catch(() => undefined);
  const meta = text === undefined ? undefined : parseGuestBootMeta(text);
  if (meta === undefined) return undefined;
  return {
    kernel: join(dir, "vmlinuz"),
    initramfs: join(dir, "initramfs.img"),
    modules: join(dir, "modules.ext4"),
    kernelVersion: meta.kernelRelease,
    packageVersion: meta.kernelPackageVersion,
  };
}

function newestStoredBuild(initSha256: string): Promise<GuestBootFiles | undefined> {
  return newestStored((meta) => meta.initSha256 === initSha256);
}

/**
 * The newest stored guest boot files of this format, whatever init they hold, without
 * building anything (for `airlock doctor`); undefined when none was built yet.
 */
export function storedGuestBootFiles(): Promise<GuestBootFiles | undefined> {
  return newestStored(() => true);
}

async function newestStored(
  wanted: (meta: GuestBootMeta) => boolean,
): Promise<GuestBootFiles | undefined> {
  let best: { createdAt: string; key: string } | undefined;
  for (const key of await readdir(guestDir()).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{64}$/.test(key)) continue;
    const text = await readFile(join(guestBootDir(key), "meta.json"), "utf8").catch(() => "");
    const meta = parseGuestBootMeta(text);
    if (meta === undefined || !wanted(meta)) continue;
    if (best === undefined || meta.createdAt > best.createdAt)
      best = { createdAt: meta.createdAt, key };
  }
  return best === undefined ? undefined : readStored(best.key);
}

/** Removes `.tmp-<pid>-*` build directories whose owner process is dead. */
async function removeStaleBuilds(): Promise<void> {
  for (const entry of await readdir(guestDir()).catch(() => [] as string[])) {
    const pid = Number(tmpDirPattern.exec(entry)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || pid === process.pid || isPidAlive(pid)) continue;
    await rm(join(guestDir(), entry), { recursive: true, force: true });
  }
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
