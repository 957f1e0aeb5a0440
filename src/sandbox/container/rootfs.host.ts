import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { nativeBinary } from "../../core/native-binary.host.js";
import { runChecked } from "../../core/run-command.host.js";
import { idRangeSize } from "./uid-range.host.js";

/**
 * The container's root: overlayfs over the shared read-only image, mounted by the static
 * helper native/rootfs-mount.c in one process after mkfs.ext4 has formatted the disk file.
 *  - `lower/`: the image, idmapped so its root-owned files appear owned by this sandbox's
 *    uid range (read-only, nosuid, nodev);
 *  - `disk/`: a sparse ext4 file of `diskMiB`, loop-mounted nosuid,nodev: the overlay's upper
 *    and work dirs live in it, so what the job can write is bounded and dropped with the file;
 *  - `rootfs/`: the overlay itself.
 * Precondition: `dir` exists and is recorded in sandbox.json (teardown finds everything here).
 */
export interface RootfsPaths {
  readonly rootfs: string;
  readonly etcDir: string;
}

export async function mountRootfs(options: {
  readonly dir: string;
  readonly imageRootfs: string;
  readonly hostIdBase: number;
  readonly idmap: boolean;
  readonly diskMiB: number;
  readonly hostname: string;
  /** The sandbox's DNS server (its gateway), or undefined for policy none. */
  readonly nameserver: string | undefined;
}): Promise<RootfsPaths> {
  const { dir, hostIdBase } = options;
  const [lower, disk, rootfs, etcDir] = ["lower", "disk", "rootfs", "etc"].map((d) =>
    join(dir, d),
  ) as [string, string, string, string];
  await Promise.all([lower, disk, rootfs, etcDir].map((d) => mkdir(d)));
  const owner = options.idmap ? `${hostIdBase}:${hostIdBase}` : "0:0";
  const image = join(dir, "disk.img");
  await runChecked([
    "mkfs.ext4",
    "-q",
    "-F",
    "-m",
    "0",
    "-O",
    "^has_journal",
    "-E",
    `lazy_itable_init=1,root_owner=${owner}`,
    image,
    `${options.diskMiB}M`,
  ]);
  await chmod(image, 0o600);
  const helper = await nativeBinary("rootfs-mount");
  const [base, count] = options.idmap ? [hostIdBase, idRangeSize] : [0, 0];
  await runChecked([helper, dir, options.imageRootfs, String(base), String(count)]);
  await Promise.all([
    writeFile(
      join(etcDir, "resolv.conf"),
      options.nameserver === undefined
        ? "# airlock: network policy `none`: no name resolves\n"
        : `# airlock: the sandbox's DNS forwarder, which answers as its network policy allows\nnameserver ${options.nameserver}\n`,
    ),
    writeFile(
      join(etcDir, "hosts"),
      `127.0.0.1\tlocalhost ${options.hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
    ),
    writeFile(join(etcDir, "hostname"), `${options.hostname}\n`),
  ]);
  return { rootfs, etcDir };
}
