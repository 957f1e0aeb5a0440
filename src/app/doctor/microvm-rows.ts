import { aptInstall } from "./apt-install.js";
import type { CheckRow, HostFacts } from "./host-report.js";
import { guestDeadlineMs } from "./host-report.js";
import { formatSeconds } from "./format-seconds.js";
import { notOk } from "./not-ok.js";

/** The rows of the optional microVM backend: QEMU, KVM booting a guest, TCG booting it. */
export function microvmRows(facts: HostFacts): CheckRow[] {
  return [qemuRow(facts), depmodRow(facts), kvmRow(facts), tcgRow(facts), accelRow(facts)];
}

/** What `--backend microvm` will do here: the backend's own probe boots the real guest. */
function accelRow(facts: HostFacts): CheckRow {
  const row = { id: "microvm-accel", label: "microVM accelerator", scope: "microvm" } as const;
  const decided = facts.microvmAccel;
  if (decided === undefined) {
    return {
      ...row,
      status: "warn",
      detail: "not known yet: no guest has been built on this host",
      fix: "run `airlock image build --microvm`, then `airlock doctor` again",
    };
  }
  return decided.kvm
    ? { ...row, status: "ok", detail: `KVM: the guest ${decided.why}` }
    : {
        ...row,
        status: "warn",
        detail: `TCG only (KVM cannot boot the guest: ${decided.why}); microVM jobs need --allow-tcg and run 10-50x slower`,
        fix: "enable KVM for this host (see the detail), or pass --allow-tcg, or use the container backend",
      };
}

function depmodRow(facts: HostFacts): CheckRow {
  const row = { id: "depmod", label: "depmod (guest kernel modules)", scope: "microvm" } as const;
  return facts.depmod.path === undefined
    ? {
        ...row,
        status: "missing",
        detail: "not installed: a microVM guest could not modprobe (Docker inside needs it)",
        fix: aptInstall("kmod"),
        package: "kmod",
      }
    : { ...row, status: "ok", detail: facts.depmod.version ?? `installed at ${facts.depmod.path}` };
}

function qemuRow(facts: HostFacts): CheckRow {
  const row = { id: "qemu", label: "QEMU (microVM backend)", scope: "microvm" } as const;
  return facts.qemu.path === undefined
    ? {
        ...row,
        status: "missing",
        detail: "qemu-system-x86_64 not installed",
        fix: aptInstall("qemu-system-x86"),
        package: "qemu-system-x86",
      }
    : { ...row, status: "ok", detail: facts.qemu.version ?? `installed at ${facts.qemu.path}` };
}

function kvmRow(facts: HostFacts): CheckRow {
  const row = { id: "kvm", label: "KVM boots a guest", scope: "microvm" } as const;
  const noQemu = {
    ...row,
    status: "missing",
    detail: "cannot test: QEMU not installed",
    fix: aptInstall("qemu-system-x86"),
    package: "qemu-system-x86",
  } as const;
  if (!facts.kvmDevice) {
    return {
      ...row,
      status: "missing",
      detail: "no /dev/kvm",
      fix: "enable VT-x/AMD-V (or nested virtualisation on the hypervisor), then modprobe kvm_intel or kvm_amd",
    };
  }
  if (facts.qemu.path === undefined) return noQemu;
  const probe = facts.kvmBoot;
  switch (probe.kind) {
    case "ok":
      return {
        ...row,
        status: "ok",
        detail: `/dev/kvm; booted the test guest in ${formatSeconds(probe.ms)}`,
      };
    case "timeout":
      return {
        ...row,
        status: "missing",
        detail: `KVM present but the guest did not boot within ${formatSeconds(guestDeadlineMs)} (nested KVM?)`,
        fix: "enable nested virtualisation on the outer host (kvm_intel/kvm_amd nested=1) or use the container backend",
      };
    case "failed":
      return {
        ...row,
        status: "missing",
        detail: `/dev/kvm present but QEMU failed: ${probe.reason}`,
        fix: "check access to /dev/kvm (run as root or join group kvm)",
      };
    case "skipped":
      return { ...row, status: "warn", detail: probe.reason, fix: "run `sudo airlock doctor`" };
  }
}

function tcgRow(facts: HostFacts): CheckRow {
  const row = { id: "qemu-tcg", label: "QEMU TCG boots a guest", scope: "microvm" } as const;
  if (facts.qemu.path === undefined) {
    return {
      ...row,
      status: "missing",
      detail: "cannot test: QEMU not installed",
      fix: aptInstall("qemu-system-x86"),
      package: "qemu-system-x86",
    };
  }
  const probe = facts.tcgBoot;
  if (probe.kind === "ok") {
    return {
      ...row,
      status: "ok",
      detail: `booted the test guest in ${formatSeconds(probe.ms)} (software, slow)`,
    };
  }
  return notOk(
    row,
    probe,
    "the test guest did not boot",
    "apt-get install -y --reinstall qemu-system-x86 seabios",
  );
}
