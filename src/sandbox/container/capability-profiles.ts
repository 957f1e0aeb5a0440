// Reviewed capability data for the container backend.
//
// Contract: a profile lists exactly the capabilities the job's processes hold (bounding,
// effective, permitted; never ambient unless the translator says why). Every capability the
// kernel knows is either in `capabilityProfiles.default` or in `forbiddenCapabilities`, never
// both; `strict` grants nothing. The job always runs in its own user namespace, so a granted
// capability only acts on objects owned by that namespace (its files, its network namespace,
// its processes), never on the host's.

export type CapabilityName =
  | "CAP_CHOWN"
  | "CAP_DAC_OVERRIDE"
  | "CAP_DAC_READ_SEARCH"
  | "CAP_FOWNER"
  | "CAP_FSETID"
  | "CAP_KILL"
  | "CAP_SETGID"
  | "CAP_SETUID"
  | "CAP_SETPCAP"
  | "CAP_LINUX_IMMUTABLE"
  | "CAP_NET_BIND_SERVICE"
  | "CAP_NET_BROADCAST"
  | "CAP_NET_ADMIN"
  | "CAP_NET_RAW"
  | "CAP_IPC_LOCK"
  | "CAP_IPC_OWNER"
  | "CAP_SYS_MODULE"
  | "CAP_SYS_RAWIO"
  | "CAP_SYS_CHROOT"
  | "CAP_SYS_PTRACE"
  | "CAP_SYS_PACCT"
  | "CAP_SYS_ADMIN"
  | "CAP_SYS_BOOT"
  | "CAP_SYS_NICE"
  | "CAP_SYS_RESOURCE"
  | "CAP_SYS_TIME"
  | "CAP_SYS_TTY_CONFIG"
  | "CAP_MKNOD"
  | "CAP_LEASE"
  | "CAP_AUDIT_WRITE"
  | "CAP_AUDIT_CONTROL"
  | "CAP_SETFCAP"
  | "CAP_MAC_OVERRIDE"
  | "CAP_MAC_ADMIN"
  | "CAP_SYSLOG"
  | "CAP_WAKE_ALARM"
  | "CAP_BLOCK_SUSPEND"
  | "CAP_AUDIT_READ"
  | "CAP_PERFMON"
  | "CAP_BPF"
  | "CAP_CHECKPOINT_RESTORE";

export interface CapabilityEntry {
  readonly name: CapabilityName;
  /** Why it is granted (profiles) or why it never is (forbidden). */
  readonly reason: string;
}

/**
 * `default`: Docker's default set minus CAP_NET_RAW and CAP_MKNOD, enough for package installs
 * and typical CI jobs running as root in the sandbox. `strict`: no capability at all.
 */
export const capabilityProfiles: {
  readonly default: readonly CapabilityEntry[];
  readonly strict: readonly CapabilityEntry[];
} = {
  default: [
    {
      name: "CAP_CHOWN",
      reason:
        "dpkg, rpm and tar give installed files to their owners (root:shadow, _apt, postgres) and build scripts chown their outputs.",
    },
    {
      name: "CAP_DAC_OVERRIDE",
      reason:
        "Root in the job is expected to read and write files whatever their mode, as package scripts and `make install` assume, over the sandbox's own files only.",
    },
    {
      name: "CAP_FOWNER",
      reason:
        "tar and dpkg restore modes and timestamps on files owned by other users, and cleanup removes other users' files in sticky directories.",
    },
    {
      name: "CAP_FSETID",
      reason:
        "Packages ship setuid/setgid programs (passwd, su, sudo) whose bits would otherwise be cleared on install; noNewPrivileges keeps them from granting anything.",
    },
    {
      name: "CAP_SETUID",
      reason:
        "apt drops to its _apt user for downloads, and su, runuser, setpriv or gosu run test services as unprivileged users.",
    },
    {
      name: "CAP_SETGID",
      reason:
        "The same user switches need to set the group and supplementary groups (initgroups) of the target user.",
    },
    {
      name: "CAP_SETFCAP",
      reason:
        "Package scripts set file capabilities such as ping's cap_net_raw+ep, stored namespaced to the sandbox's user namespace.",
    },
    {
      name: "CAP_SETPCAP",
      reason:
        "Lets capsh, setpriv and service wrappers drop capabilities from the bounding set, which only ever reduces privilege.",
    },
    {
      name: "CAP_NET_BIND_SERVICE",
      reason:
        "Integration tests run web and mail servers on their default ports below 1024, inside the sandbox's own network namespace.",
    },
    {
      name: "CAP_SYS_CHROOT",
      reason:
        "debootstrap, pbuilder, mock-style build roots and dpkg --root chroot into directories of the workspace, which cannot leave the sandbox's mount namespace.",
    },
    {
      name: "CAP_KILL",
      reason:
        "Root in the job stops services it started under other users (postgres, www-data) during test teardown; the pid namespace holds only sandbox processes.",
    },
    {
      name: "CAP_AUDIT_WRITE",
      reason:
        "su, sudo and other PAM programs send audit records and some fail without the capability; the kernel refuses audit messages from non-initial user namespaces, which PAM tolerates.",
    },
  ],
  strict: [],
};

/** Never granted by any profile, whatever a job asks for. */
export const forbiddenCapabilities: readonly CapabilityEntry[] = [
  {
    name: "CAP_SYS_ADMIN",
    reason:
      "Mounts, namespaces, and most privileged kernel interfaces hang off it; it is the usual first step of container escapes (cgroup release_agent, CVE-2022-0492).",
  },
  {
    name: "CAP_NET_ADMIN",
    reason:
      "Changing interfaces, routes and firewall rules could undo the egress policy and spoof traffic from the sandbox's network namespace.",
  },
  {
    name: "CAP_NET_RAW",
    reason:
      "Raw and packet sockets allow address spoofing and ARP/ND attacks on the gateway and have a history of kernel exploits (CVE-2020-14386).",
  },
  {
    name: "CAP_MKNOD",
    reason: "Creating device nodes would let the job reach host block and character devices.",
  },
  {
    name: "CAP_SYS_MODULE",
    reason: "Loading kernel modules is running arbitrary code in the host kernel.",
  },
  {
    name: "CAP_SYS_PTRACE",
    reason:
      "Tracing processes with other credentials (and pidfd_getfd, kcmp) would let the job attach to runtime helpers joining the sandbox.",
  },
  {
    name: "CAP_SYS_TIME",
    reason: "The system clock is shared with the host and every other sandbox.",
  },
  {
    name: "CAP_SYS_BOOT",
    reason: "reboot and kexec act on the whole host.",
  },
  {
    name: "CAP_BPF",
    reason:
      "BPF programs and maps are a large kernel attack surface and can observe the whole host.",
  },
  {
    name: "CAP_PERFMON",
    reason: "Performance monitoring exposes host-wide activity and kernel addresses.",
  },
  {
    name: "CAP_DAC_READ_SEARCH",
    reason:
      "It enables open_by_handle_at, the shocker escape that opens host files by handle, and bypasses read permission checks.",
  },
  {
    name: "CAP_SYS_RAWIO",
    reason: "Raw I/O ports, /dev/mem and raw block access talk to host hardware directly.",
  },
  {
    name: "CAP_SYS_PACCT",
    reason: "Process accounting is configured host-wide.",
  },
  {
    name: "CAP_SYS_NICE",
    reason:
      "Real-time scheduling and NUMA page migration could starve other tenants' CPUs and memory nodes despite the CPU quota.",
  },
  {
    name: "CAP_SYS_RESOURCE",
    reason:
      "It overrides resource limits, quotas and the filesystem blocks reserved for root, defeating the sandbox's bounds.",
  },
  {
    name: "CAP_SYS_TTY_CONFIG",
    reason: "vhangup and virtual console configuration act on host terminals.",
  },
  {
    name: "CAP_LINUX_IMMUTABLE",
    reason:
      "Immutable and append-only flags could make workspace files undeletable by airlock's cleanup.",
  },
  {
    name: "CAP_NET_BROADCAST",
    reason:
      "Broadcast and multicast administration is not needed by CI jobs and only widens the network surface.",
  },
  {
    name: "CAP_IPC_LOCK",
    reason:
      "Locking memory beyond RLIMIT_MEMLOCK pins unreclaimable pages and puts memory pressure on the host.",
  },
  {
    name: "CAP_IPC_OWNER",
    reason: "Bypassing System V IPC permission checks is never needed by a single job.",
  },
  {
    name: "CAP_LEASE",
    reason:
      "File leases on files the job does not own can stall other processes' opens; Docker does not grant it either.",
  },
  {
    name: "CAP_AUDIT_CONTROL",
    reason: "Audit rules and the audit daemon are host-wide.",
  },
  {
    name: "CAP_AUDIT_READ",
    reason: "The audit multicast stream carries host-wide events.",
  },
  {
    name: "CAP_MAC_OVERRIDE",
    reason:
      "Overriding the LSM (AppArmor, SELinux, Smack) would remove a host-wide protection layer.",
  },
  {
    name: "CAP_MAC_ADMIN",
    reason: "Changing LSM policy or labels is host-wide administration.",
  },
  {
    name: "CAP_SYSLOG",
    reason:
      "The kernel log and unrestricted kernel pointers (kallsyms) leak host state and ease kernel exploits.",
  },
  {
    name: "CAP_WAKE_ALARM",
    reason: "Wake alarms program the host's real-time clock hardware.",
  },
  {
    name: "CAP_BLOCK_SUSPEND",
    reason: "Blocking system suspend is host power management.",
  },
  {
    name: "CAP_CHECKPOINT_RESTORE",
    reason:
      "Choosing PIDs and reading other processes' map_files eases PID-reuse attacks; only checkpoint/restore tools need it.",
  },
];

/**
 * Every capability of Linux 6.x in bit order (include/uapi/linux/capability.h, CAP_LAST_CAP =
 * CAP_CHECKPOINT_RESTORE): index = capability number, for decoding /proc/PID/status masks.
 */
export const capabilitiesByNumber: readonly CapabilityName[] = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
];
