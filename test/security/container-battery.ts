/**
 * The container escape battery as data (docs/escape-battery.md, "Container probes"): for
 * every step the probe prints, what the hardened sandbox must show, what the weak control
 * sandbox must show (the probe is not blind), and the layer that stops it.
 */
import {
  any,
  check,
  denied,
  empty,
  fails,
  reached,
  ret,
  succeeds,
  type Outcome,
} from "./outcome.js";
import type { ProbeLine } from "./probe-line.js";

/** A host fact without which the weak control of a step cannot succeed (it is then n/a). */
export type HostRequirement =
  { readonly hostPath: string } | { readonly sysctl: string; readonly atMost: number };

export interface StepExpectation {
  readonly id: string;
  readonly step: string;
  readonly hardened: Outcome;
  /** The negative control; a string says why this step has none. */
  readonly weak: Outcome | string;
  readonly weakRequires?: HostRequirement;
  readonly layer: string;
}

type Row = readonly [
  step: string,
  hardened: Outcome,
  weak: Outcome | string,
  requires?: HostRequirement,
];

function probe(id: string, layer: string, rows: readonly Row[]): StepExpectation[] {
  return rows.map(([step, hardened, weak, requires]) => ({
    id,
    step,
    hardened,
    weak,
    layer,
    ...(requires === undefined ? {} : { weakRequires: requires }),
  }));
}

const notASwitch = "runtime property: no hardening switch turns it off";
const cgroupNs =
  "both sandboxes have a cgroup namespace, which hides the hierarchy root and its release_agent; mount-memory is the control";
const eperm = fails("EPERM");
const notEperm = reached("EPERM");
const nobody = 65534;

/** The devices probe's nodes; the weak sandbox binds the host's /dev. */
const deviceNodes: Readonly<Record<string, string>> = {
  kvm: "/dev/kvm",
  mem: "/dev/mem",
  kmsg: "/dev/kmsg",
  tun: "/dev/net/tun",
  fuse: "/dev/fuse",
  "loop-control": "/dev/loop-control",
};
const openedOrGone = reached("EPERM", "EACCES", "ENOENT");
const nodevRootfs =
  "the rootfs is nodev in both sandboxes, so a node made there never opens; the /dev step is the control";

/** Mountpoints where a host path may legitimately be bound (mask binds, etc files, /probe). */
const intendedBind =
  /^\/(probe|\.airlock\/init|etc\/(hosts|hostname|resolv\.conf)|dev\/|proc\/|sys\/)/;
const onlyIntendedBinds = check(
  "only intended binds (/probe, /etc files, /dev, masks)",
  (l: ProbeLine) =>
    (l.detail ?? "")
      .split(" ")
      .filter((entry) => entry !== "")
      .every((entry) => intendedBind.test(entry.split("=")[0] ?? "")),
);
const insideRootfs = check(
  "a path inside the sandbox",
  (l) => l.errno === null && l.detail === "/",
);

/** pid 1 is sandbox-init, which is not dumpable: its /proc links are closed to the job. */
const insideRootfsOrClosed = check(
  "a path inside the sandbox, or closed (EACCES: init is not dumpable)",
  (l) => (l.errno === null && l.detail === "/") || l.errno === "EACCES",
);

export const containerBattery: readonly StepExpectation[] = [
  ...probe("fd-leak", "runtime, close-on-exec", [
    ["fds", ret("==", 0), notASwitch],
    ["cwd", insideRootfs, notASwitch],
    [
      "init-cwd",
      insideRootfsOrClosed,
      "pid 1 is the host's init in the weak sandbox and is not touched",
    ],
    [
      "init-root",
      insideRootfsOrClosed,
      "pid 1 is the host's init in the weak sandbox and is not touched",
    ],
  ]),
  ...probe("cgroup-release-agent", "seccomp, no CAP_SYS_ADMIN, userns; cgroup fs read-only", [
    ["mount-memory", eperm, reached("EPERM", "EACCES")],
    ["release_agent-visible", ret("==", 0), cgroupNs],
    ["release_agent-open", fails("ENOENT", "EROFS", "EACCES", "EPERM"), cgroupNs],
    [
      "cgroup.procs-open",
      fails("EROFS", "EACCES", "ENOENT"),
      "the cgroup fs is mounted read-only in both sandboxes",
    ],
  ]),
  ...probe("userns-cgroup", "seccomp on clone/unshare flags", [
    ["unshare-user-mnt-cgroup", eperm, succeeds],
    [
      "mount-cgroup",
      any,
      "the kernel refuses v1 hierarchies inside a user namespace since the CVE-2022-0492 fixes",
    ],
    ["release_agent-visible", any, "needs mount-cgroup"],
  ]),
  ...probe("block-device", "no CAP_MKNOD, device cgroup, nodev", [
    ["dev-nodes", ret("==", 0), any],
    ["mknod", eperm, succeeds],
    [
      "open-node",
      fails("ENOENT", "EPERM", "EACCES"),
      "some hosts refuse block-device opens even to host root",
    ],
    ["mount-ro", fails("EPERM", "ENOENT"), notEperm],
  ]),
  ...probe("proc-sys-write", "read-only /proc/sys, userns", [
    ["drop_caches-open", denied, succeeds],
    ["swappiness-open", denied, succeeds],
    ["domainname-writeback", fails("EROFS", "EACCES", "EPERM"), succeeds],
  ]),
  ...probe("sysrq", "masked / read-only paths", [
    ["sysrq-trigger-open", denied, succeeds, { hostPath: "/proc/sysrq-trigger" }],
  ]),
  ...probe("core-pattern", "read-only /proc/sys, userns", [
    ["read", any, any],
    ["open-write", denied, succeeds],
  ]),
  ...probe("helpers", "read-only sysfs/procfs, masks; seccomp and no CAP_SYS_ADMIN for mounts", [
    ["modprobe-open", denied, succeeds, { hostPath: "/proc/sys/kernel/modprobe" }],
    ["uevent_helper-open", denied, succeeds, { hostPath: "/sys/kernel/uevent_helper" }],
    ["binfmt_misc-register-open", denied, "binfmt_misc is not mounted in a fresh /proc"],
    ["binfmt_misc-mount", eperm, succeeds],
    ["binfmt_misc-mounted-register-open", any, succeeds],
  ]),
  ...probe("host-ptrace", "PID namespace, userns", [
    ["visible-pids", ret("<=", 16), ret(">=", 17)],
    ["host-pid-visible", fails("ENOENT"), succeeds],
    ["ptrace-seize", fails("ESRCH", "EPERM"), succeeds],
    ["ptrace-init", eperm, "pid 1 is the host's init in the weak sandbox and is not touched"],
  ]),
  ...probe("shocker", "seccomp, no CAP_DAC_READ_SEARCH", [
    ["name_to_handle_at", any, any],
    ["open_by_handle_at", eperm, succeeds],
    ["open_by_handle_at-fs-root", eperm, notEperm],
  ]),
  ...probe(
    "mount",
    "seccomp, no caps",
    ["tmpfs", "mount_setattr", "proc", "bind", "fsopen", "open_tree", "move_mount"].map(
      (s): Row => [s, eperm, succeeds],
    ),
  ),
  ...probe("module-load", "seccomp, no CAP_SYS_MODULE; host /proc/modules compared", [
    ["init_module", eperm, notEperm],
    ["finit_module", eperm, notEperm],
    ["delete_module", eperm, notEperm],
    ["rare-family-socket", any, any],
  ]),
  ...probe("keyctl", "seccomp", [
    ["add_key", eperm, succeeds],
    ["keyctl", eperm, succeeds],
    ["request_key", eperm, notEperm],
  ]),
  ...probe("bpf", "seccomp, no CAP_BPF", [
    ["map_create", eperm, succeeds],
    ["prog_load", eperm, succeeds],
  ]),
  ...probe("userfaultfd", "seccomp", [["userfaultfd", eperm, succeeds]]),
  ...probe("perf", "seccomp", [["perf_event_open", eperm, succeeds]]),
  ...probe("io-uring", "seccomp (EPERM, not kill)", [
    ["io_uring_setup", eperm, succeeds, { sysctl: "kernel/io_uring_disabled", atMost: 1 }],
  ]),
  ...probe("nested-userns", "seccomp", [
    ["unshare-user", eperm, succeeds],
    ["clone-newuser", eperm, succeeds],
    ["clone3", fails("ENOSYS"), succeeds],
  ]),
  ...probe(
    "other-ns",
    "seccomp, no caps",
    [
      "unshare-net",
      "unshare-mnt",
      "clone-newns",
      "clone-newnet",
      "setns-net",
      "setns-mnt",
      "setns-uts",
      "setns-ipc",
      "setns-pid",
      "setns-cgroup",
    ].map((s): Row => [s, eperm, succeeds]),
  ),
  ...probe("raw-socket", "no CAP_NET_RAW", [
    ["af_packet", eperm, succeeds],
    ["raw-icmp", eperm, succeeds],
  ]),
  ...probe("net-config", "no CAP_NET_ADMIN", [
    ["newlink", eperm, notEperm],
    ["newaddr", eperm, succeeds],
    ["newroute", eperm, succeeds],
  ]),
  ...probe(
    "rootfs-write",
    "read-only lower layer (overlay upper discarded); the image is checked on the host",
    [
      [
        "usr-bin",
        check(
          "written to the overlay upper or EROFS",
          (l) => l.errno === null || l.errno === "EROFS",
        ),
        any,
      ],
    ],
  ),
  ...probe("setuid", "noNewPrivileges, userns, nosuid", [
    ["no_new_privs", ret("==", 1), ret("==", 0)],
    ["suid-dir", any, any],
    ["setuid-exec", ret("==", nobody), ret("==", 0)],
    ["filecap-setuid0", eperm, succeeds],
  ]),
  ...probe(
    "devices",
    "minimal /dev, device cgroup, no CAP_MKNOD",
    Object.entries(deviceNodes).flatMap(([d, path]): Row[] => [
      [d, fails("ENOENT", "EPERM", "EACCES"), openedOrGone, { hostPath: path }],
      [`mknod-${d}`, eperm, succeeds],
      [`open-node-${d}`, fails("ENOENT", "EPERM", "EACCES"), nodevRootfs],
    ]),
  ),
  ...probe("devices", "minimal /dev", [["loop-nodes", ret("==", 0), any]]),
  ...probe("clock", "seccomp, no CAP_SYS_TIME", [
    ["clock_settime", eperm, notEperm],
    ["settimeofday", eperm, notEperm],
    ["adjtimex-tick", eperm, notEperm],
    ["unshare-time", eperm, succeeds],
  ]),
  ...probe("kernel-info", "masks, kptr/dmesg restrictions, no CAP_SYSLOG", [
    ["kallsyms-addresses", empty, ret("==", 1), { sysctl: "kernel/kptr_restrict", atMost: 1 }],
    ["kcore", empty, ret(">=", 1), { hostPath: "/proc/kcore" }],
    ["config.gz", empty, ret(">=", 1), { hostPath: "/proc/config.gz" }],
    ["vmcoreinfo", empty, ret(">=", 1), { hostPath: "/sys/kernel/vmcoreinfo" }],
    ["timer_list", empty, ret(">=", 1), { hostPath: "/proc/timer_list" }],
    ["keys", empty, ret(">=", 1), { hostPath: "/proc/keys" }],
    ["sched_debug", empty, ret(">=", 1), { hostPath: "/proc/sched_debug" }],
    ["syslog-read-all", eperm, ret(">=", 1)],
    ["debugfs-entries", empty, "debugfs is not mounted inside either sandbox"],
  ]),
  ...probe("runtime-sockets", "mounts, netns", [
    [
      "proc-net-unix",
      check("no bound unix socket paths", (l) => l.errno === null && l.detail === ""),
      notASwitch,
    ],
    ["bound-sockets", ret("==", 0), notASwitch],
  ]),
  ...probe("mount-propagation", "rootfs propagation private", [
    ["shared", ret("==", 0), notASwitch],
    ["bind-roots", onlyIntendedBinds, notASwitch],
  ]),
];

/** Probe ids as the probe binary knows them, in battery order. */
export const containerProbeIds: readonly string[] = [...new Set(containerBattery.map((e) => e.id))];
