import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import type { GuestBootFiles } from "../../image/guest/ensure-guest-boot-files.host.js";
import { bootGuest } from "./boot-guest.host.js";
import { kvmGroups } from "./kvm-groups.host.js";

/** Per boot of the host: /run is emptied at every boot, and so is this cache. */
const probeDir = "/run/airlock";
const kvmDeadlineMs = 15_000;

export interface KvmProbe {
  readonly boots: boolean;
  readonly why: string;
}

/**
 * `kvm` when KVM boots this very guest (kernel and initramfs) on this host, else `tcg` when
 * `allowTcg`, else AIRLOCK_E_HOST_MISSING saying why and what to do. Whether KVM boots is
 * learnt by booting the guest once under KVM with a deadline (nested KVM can enter a guest
 * and then hang forever: a /dev/kvm that opens proves nothing) and remembered in /run until
 * the host reboots.
 */
export async function chooseAccel(
  files: GuestBootFiles,
  allowTcg: boolean,
): Promise<"kvm" | "tcg"> {
  const probe = await kvmProbe(files);
  if (probe.boots) return "kvm";
  if (allowTcg) return "tcg";
  throw new AirlockError(
    "AIRLOCK_E_HOST_MISSING",
    `the microVM backend needs KVM, and KVM cannot boot a guest here: ${probe.why}`,
    {
      fix:
        "enable hardware virtualisation (or nested KVM) for this host, use the container " +
        "backend, or pass --allow-tcg to run the VM under QEMU's software emulation (10-50x slower)",
    },
  );
}

/** Whether KVM boots this guest here, and why (or why not); cached in /run until reboot. */
export async function kvmProbe(files: GuestBootFiles): Promise<KvmProbe> {
  try {
    await access("/dev/kvm", constants.R_OK | constants.W_OK);
  } catch {
    return { boots: false, why: "/dev/kvm is missing or not usable" };
  }
  if ((await kvmGroups()).length === 0) {
    return {
      boots: false,
      why:
        "/dev/kvm is not read-write for a group, so QEMU (which runs unprivileged) cannot open " +
        "it; Debian's udev rule gives it group kvm and mode 0660 (`chgrp kvm /dev/kvm && chmod 660 /dev/kvm`)",
    };
  }
  const key = createHash("sha256").update(`${files.kernel}\0${files.initramfs}`).digest("hex");
  const cache = join(probeDir, `kvm-probe-${key.slice(0, 16)}.json`);
  const known = await readFile(cache, "utf8").then(parseProbe, () => undefined);
  if (known !== undefined) return known;
  let probe: KvmProbe;
  try {
    const booted = await bootGuest(
      { kernel: files.kernel, initramfs: files.initramfs, accel: "kvm", cpus: 1, memoryMiB: 256 },
      { deadlineMs: kvmDeadlineMs, powerOffGraceMs: 2_000 },
    );
    probe = { boots: true, why: `booted in ${booted.msToReady} ms` };
  } catch (error: unknown) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    probe = { boots: false, why: first };
  }
  await mkdir(probeDir, { recursive: true, mode: 0o700 });
  await writeFile(cache, JSON.stringify(probe), { mode: 0o600 });
  return probe;
}

function parseProbe(text: string): KvmProbe | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null) return undefined;
    const { boots, why } = value as Record<string, unknown>;
    return typeof boots === "boolean" && typeof why === "string" ? { boots, why } : undefined;
  } catch {
    return undefined;
  }
}
