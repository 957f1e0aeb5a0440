import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resourcePrefix } from "../../core/ids.js";
import { bootSector, debugExitPort, guestExitStatus } from "./boot-sector.js";
import { guestDeadlineMs, type ProbeOutcome } from "./host-report.js";
import { tryCommand } from "./try-command.host.js";

/**
 * Boots our 512-byte test guest (see boot-sector.ts) from an IDE disk with the given
 * accelerator. The guest's first act is to write to isa-debug-exit, so QEMU exiting with
 * `guestExitStatus` proves firmware ran and handed over to the guest. On a host whose nested
 * KVM hangs, QEMU never exits: after the deadline it is killed and the outcome is `timeout`.
 * (IDE rather than floppy: SeaBIOS's floppy path stalls under nested KVM on its own.)
 */
export async function probeGuest(qemuPath: string, accel: "kvm" | "tcg"): Promise<ProbeOutcome> {
  const dir = await mkdtemp(join(tmpdir(), `${resourcePrefix}doctor-guest-`));
  try {
    const image = join(dir, "boot.img");
    await writeFile(image, bootSector());
    const port = `0x${debugExitPort.toString(16)}`;
    return await tryCommand(
      [
        qemuPath,
        ...["-accel", accel, "-machine", "pc", "-m", "16"],
        ...["-nodefaults", "-display", "none", "-monitor", "none", "-serial", "none"],
        ...["-device", `isa-debug-exit,iobase=${port},iosize=0x04`],
        ...["-drive", `file=${image},format=raw,if=ide,media=disk`],
        ...["-boot", "c"],
      ],
      { timeoutMs: guestDeadlineMs, expectExit: guestExitStatus },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
