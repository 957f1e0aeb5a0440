import { AirlockError } from "../core/airlock-error.js";
import { runCommand } from "../core/run-command.host.js";
import { treeSizeBytes } from "./tree-size.js";

const mib = 1024 * 1024;

/**
 * Writes `image`, a new ext4 filesystem holding a copy of `tree` (owners, modes, links and
 * device nodes as they are), sized to the tree plus a quarter and 32 MiB for metadata.
 * Read-only use is the contract: no journal and no reserved blocks, so the disk is as small
 * as it can be. `mkfs.ext4 -d` copies the tree without mounting anything on the host.
 * Precondition: `image` does not exist yet (callers write to a temporary name and rename).
 */
export async function ext4FromTree(tree: string, image: string, label: string): Promise<void> {
  const bytes = await treeSizeBytes(tree);
  const sizeMiB = Math.ceil((bytes * 1.25) / mib) + 32;
  const made = await runCommand(
    [
      "mkfs.ext4",
      "-q",
      "-F",
      "-L",
      label,
      "-O",
      "^has_journal",
      "-m",
      "0",
      "-E",
      "lazy_itable_init=0,root_owner=0:0",
      "-d",
      tree,
      image,
      `${sizeMiB}M`,
    ],
    { timeoutMs: 600_000 },
  );
  if (made.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_BUILD_FAILED",
      `making the disk ${image} from ${tree} failed: ${made.stderr.trim()}`,
      { fix: "check free space in the state directory; `airlock doctor` checks e2fsprogs" },
    );
  }
}
