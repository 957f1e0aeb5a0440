import { chmod, lstat, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newId, resourcePrefix } from "../../core/ids.js";
import { runCommand } from "../../core/run-command.host.js";
import { notProbedAsUser, type ProbeOutcome } from "./host-report.js";
import { tryCommand } from "./try-command.host.js";

/** The test container's root maps to this one host id, below the sandboxes' ranges (2^30+). */
const probeHostId = (1 << 30) - 65536;
const probeTimeoutMs = 10_000;

/**
 * Starts a real, short-lived container with an OCI runtime (runc or crun): a user namespace,
 * its own pid/net/mount namespaces and cpu/memory/pids cgroup limits, running the host's
 * /usr/bin/true from a read-only bind of /usr. This is what decides whether the runtime works
 * on this host (crun 1.8, for one, refuses a hybrid cgroup layout). Needs root. Leaves
 * nothing behind: the runtime keeps its state in our temp dir, which is removed.
 */
export async function probeRuntime(runtimePath: string): Promise<ProbeOutcome> {
  if (process.geteuid?.() !== 0) return { kind: "skipped", reason: notProbedAsUser };
  const dir = await mkdtemp(join(tmpdir(), `${resourcePrefix}doctor-`));
  const containerId = `${resourcePrefix}doctor-${newId()}`;
  const stateRoot = join(dir, "state");
  try {
    // The container's root (an unprivileged host id) must be able to reach the bundle.
    await chmod(dir, 0o755);
    const bundle = join(dir, "bundle");
    const bindMounts = await writeRootfs(join(bundle, "rootfs"));
    await writeFile(join(bundle, "config.json"), JSON.stringify(probeConfig(bindMounts)));
    return await tryCommand(
      [runtimePath, "--root", stateRoot, "run", "--bundle", bundle, containerId],
      { timeoutMs: probeTimeoutMs },
    );
  } finally {
    await runCommand([runtimePath, "--root", stateRoot, "delete", "--force", containerId]).catch(
      () => undefined,
    );
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * An empty root with mount points, and the host's /usr bound read-only. /bin, /lib, /lib64
 * and /sbin become the same symlinks as on the host (merged /usr) or further binds.
 */
async function writeRootfs(rootfs: string): Promise<string[]> {
  const binds = ["/usr"];
  for (const dir of ["usr", "proc", "dev"]) await mkdir(join(rootfs, dir), { recursive: true });
  for (const name of ["bin", "lib", "lib64", "sbin"]) {
    const hostPath = `/${name}`;
    const stat = await lstat(hostPath).catch(() => undefined);
    if (stat?.isSymbolicLink() === true) {
      await symlink(await readlink(hostPath), join(rootfs, name));
    } else if (stat?.isDirectory() === true) {
      await mkdir(join(rootfs, name));
      binds.push(hostPath);
    }
  }
  return binds;
}

function probeConfig(bindMounts: readonly string[]): unknown {
  const idMap = [{ containerID: 0, hostID: probeHostId, size: 1 }];
  return {
    ociVersion: "1.0.2",
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ["/usr/bin/true"],
      env: ["PATH=/usr/bin:/bin"],
      cwd: "/",
      noNewPrivileges: true,
    },
    root: { path: "rootfs", readonly: true },
    hostname: "airlock-doctor",
    mounts: [
      { destination: "/proc", type: "proc", source: "proc" },
      {
        destination: "/dev",
        type: "tmpfs",
        source: "tmpfs",
        options: ["nosuid", "mode=755", "size=64k"],
      },
      ...bindMounts.map((path) => ({
        destination: path,
        type: "bind",
        source: path,
        options: ["rbind", "ro", "nosuid", "nodev"],
      })),
    ],
    linux: {
      uidMappings: idMap,
      gidMappings: idMap,
      namespaces: ["pid", "ipc", "uts", "mount", "network", "user"].map((type) => ({ type })),
      resources: {
        memory: { limit: 64 * 1024 * 1024 },
        pids: { limit: 32 },
        cpu: { shares: 512 },
      },
    },
  };
}
