import type { HostFacts } from "./host-report.js";

/**
 * What the probes find on a Debian 12 host with systemd's hybrid cgroup layout, every package
 * installed and nested KVM that works: the reference host for doctor's tests and examples.
 */
export const sampleFacts: HostFacts = {
  euid: 0,
  osPrettyName: "Debian GNU/Linux 12 (bookworm)",
  osId: "debian",
  kernelRelease: "6.1.0-26-amd64",
  maxUserNamespaces: 96365,
  userns: { kind: "ok", ms: 3 },
  netns: { kind: "ok", ms: 3 },
  cgroup: {
    kind: "hybrid",
    unifiedMount: "/sys/fs/cgroup/unified",
    controllers: ["blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids"],
    swapAccounting: true,
  },
  runtimes: {
    runc: { path: "/usr/sbin/runc", version: "1.1.5+ds1", probe: { kind: "ok", ms: 40 } },
    crun: {
      path: "/usr/bin/crun",
      version: "1.8.1",
      probe: {
        kind: "failed",
        reason: "cgroups in hybrid mode not supported, drop all controllers from cgroupv2 (exit 1)",
      },
    },
  },
  nft: { path: "/usr/sbin/nft", version: "1.0.6", listTables: { kind: "ok", ms: 5 } },
  mmdebstrap: { path: "/usr/bin/mmdebstrap", version: "1.3.5" },
  gcc: { path: "/usr/bin/gcc", version: "12.2.0-14+deb12u1" },
  staticLibc: true,
  overlayFs: true,
  loopControl: true,
  mkfsExt4: { path: "/usr/sbin/mkfs.ext4", version: "1.47.0" },
  git: { path: "/usr/bin/git", version: "2.39.5" },
  zstd: { path: "/usr/bin/zstd", version: "1.5.4" },
  depmod: { path: "/usr/sbin/depmod", version: "kmod version 30" },
  qemu: { path: "/usr/bin/qemu-system-x86_64", version: "7.2.22" },
  kvmDevice: true,
  kvmBoot: { kind: "ok", ms: 2800 },
  tcgBoot: { kind: "ok", ms: 120 },
};
