/**
 * What `airlock doctor` found on this host. Probes (in `*.host.ts` files) gather `HostFacts`;
 * pure code turns them into `CheckRow`s and picks the container runtime. The container
 * backend calls `probeHost()` and `chooseRuntime(report)` to decide how to run.
 */

export type CheckStatus = "ok" | "missing" | "warn";

/** Which backend a check matters for; only `container` rows decide doctor's exit code. */
export type CheckScope = "container" | "microvm" | "info";

export type CheckId =
  | "root"
  | "os"
  | "userns"
  | "netns"
  | "cgroup"
  | "cgroup-controllers"
  | "swap-accounting"
  | "runc"
  | "crun"
  | "runtime"
  | "nftables"
  | "mmdebstrap"
  | "gcc"
  | "libc-static"
  | "overlayfs"
  | "idmap"
  | "loop"
  | "mkfs-ext4"
  | "git"
  | "zstd"
  | "qemu"
  | "depmod"
  | "kvm"
  | "qemu-tcg"
  | "microvm-accel";

export interface CheckRow {
  readonly id: CheckId;
  readonly label: string;
  readonly status: CheckStatus;
  /** What was found: a version, a layout, or why it is missing. */
  readonly detail: string;
  /** For every row that is not ok: the exact command (or step) that fixes it. */
  readonly fix?: string;
  /** The Debian package `doctor --fix` installs for this row, when a package fixes it. */
  readonly package?: string;
  readonly scope: CheckScope;
}

/** The result of actually trying something (running a program, booting a guest). */
export type ProbeOutcome =
  | { readonly kind: "ok"; readonly ms: number }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "timeout"; readonly ms: number }
  | { readonly kind: "skipped"; readonly reason: string };

/** A host program: where it is and the version it reports; `path` absent = not installed. */
export interface ToolFact {
  readonly path?: string;
  readonly version?: string;
}

export type CgroupLayoutKind = "v1" | "v2" | "hybrid" | "none";

export interface CgroupFacts {
  readonly kind: CgroupLayoutKind;
  /** Where cgroup2 is mounted (v2: /sys/fs/cgroup; hybrid: usually /sys/fs/cgroup/unified). */
  readonly unifiedMount?: string;
  /** Controllers airlock needs or may use, as found (v1 hierarchies or cgroup.controllers). */
  readonly controllers: readonly string[];
  readonly swapAccounting: boolean;
}

export type RuntimeName = "runc" | "crun";

export interface RuntimeFact extends ToolFact {
  /** Starting a real container (user namespace, cgroup limits) with this runtime. */
  readonly probe: ProbeOutcome;
}

export interface HostFacts {
  readonly euid: number;
  readonly osPrettyName?: string;
  readonly osId?: string;
  readonly kernelRelease: string;
  readonly maxUserNamespaces?: number;
  readonly userns: ProbeOutcome;
  readonly netns: ProbeOutcome;
  readonly cgroup: CgroupFacts;
  readonly runtimes: Readonly<Record<RuntimeName, RuntimeFact>>;
  readonly nft: ToolFact & { readonly listTables: ProbeOutcome };
  readonly mmdebstrap: ToolFact;
  readonly gcc: ToolFact;
  readonly staticLibc: boolean;
  readonly overlayFs: boolean;
  readonly loopControl: boolean;
  readonly mkfsExt4: ToolFact;
  /** git on the host: `airlock runner` fetches job sources (and keeps its mirror) with it. */
  readonly git: ToolFact;
  /** Debian's zstd: unpacks OCI images' zstd-compressed layers (Node's zlib has no zstd). */
  readonly zstd: ToolFact;
  readonly qemu: ToolFact;
  /** kmod's depmod: indexes the guest kernel's modules so that modprobe works in a microVM. */
  readonly depmod: ToolFact;
  readonly kvmDevice: boolean;
  /** Booting a 512-byte test guest with `-accel kvm` and with `-accel tcg`. */
  readonly kvmBoot: ProbeOutcome;
  readonly tcgBoot: ProbeOutcome;
  /**
   * The microVM backend's own decision (chooseAccel's probe: the real guest under KVM), when
   * a guest was built here; undefined when none was built yet.
   */
  readonly microvmAccel?: { readonly kvm: boolean; readonly why: string };
}

export interface HostReport {
  readonly facts: HostFacts;
  readonly checks: readonly CheckRow[];
}

/** The runtime airlock will use, with the reason it was picked. */
export interface RuntimeChoice {
  readonly name: RuntimeName;
  readonly path: string;
  readonly version?: string;
  /** True when a real container was started with it; false when only inferred. */
  readonly verified: boolean;
  readonly reason: string;
}

/** The reason of a probe skipped because only root can run it. */
export const notProbedAsUser = "not probed: needs root";

export const staticLibcPath = "/usr/lib/x86_64-linux-gnu/libc.a";
/** Idmapped mounts of the read-only image under overlayfs need Linux 5.19 or newer. */
export const minimumKernel = { major: 5, minor: 19 } as const;
/** How long a test guest may take to reach its first instruction and exit. */
export const guestDeadlineMs = 10_000;
