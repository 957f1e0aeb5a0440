import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { runCommand } from "../../core/run-command.host.js";
import { ext4FromTree } from "../ext4-from-tree.host.js";

/**
 * Writes `disk`: the kernel's whole module tree (`<tree>/lib/modules/<release>`) as a
 * read-only ext4, indexed first by the host's `depmod -b` (modules.dep and the .bin indexes
 * modprobe reads), so that modprobe and the kernel's own module autoloading work in the
 * guest (guest-init mounts it at /lib/modules/<release>). Docker inside needs this: dockerd
 * and iptables load bridge, veth and netfilter modules on demand.
 * Precondition: `tree` is the unpacked kernel package; kmod's depmod is installed.
 */
export async function makeModulesDisk(tree: string, release: string, disk: string): Promise<void> {
  const indexed = await runCommand(["depmod", "-b", tree, release]).catch((error: unknown) => {
    throw new AirlockError(
      "AIRLOCK_E_HOST_MISSING",
      "depmod is needed to index the guest's kernel modules",
      {
        fix: "run `airlock doctor --fix` (installs kmod)",
        cause: error,
      },
    );
  });
  if (indexed.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_BUILD_FAILED",
      `depmod could not index the guest kernel's modules: ${indexed.stderr.trim()}`,
      { fix: "run `airlock doctor --fix` (installs kmod), then retry" },
    );
  }
  await ext4FromTree(join(tree, "lib", "modules", release), disk, "airlock-mod");
}
