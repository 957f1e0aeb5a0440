/**
 * The only translator from airlock's SandboxSpec to the OCI runtime spec. Pure: no I/O.
 * Every hardening layer of docs/security-model.md is decided here, each behind the
 * Hardening switch that tests flip to build the weak control sandbox.
 */
import type { SandboxSpec } from "../sandbox-spec.js";
import { capabilityProfiles, type CapabilityName } from "./capability-profiles.js";
import { seccompAllowlist } from "./seccomp-allowlist.js";
import { execEnvironment } from "./exec-environment.js";
import type { OciMount, OciProcess, OciResources, OciSeccomp, OciSpec } from "./oci-types.js";

/** Host-side facts the spec refers to; prepared by the backend before the spec is built. */
export interface ContainerLayout {
  /** The overlay mount that becomes the container's root. */
  readonly rootfs: string;
  /** First host uid/gid of this sandbox's private range; sandbox root maps to it. */
  readonly hostIdBase: number;
  readonly hostIdCount: number;
  /** Host path of the static sandbox-init binary, bound read-only at /.airlock/init. */
  readonly initBinary: string;
  /** Host directory with the sandbox's own resolv.conf, hosts and hostname files. */
  readonly etcDir: string;
  readonly cgroupsPath: string;
  /** Whether the memory cgroup accounts swap (v1 memory.memsw.*). */
  readonly swapAccounting: boolean;
  readonly annotations: Readonly<Record<string, string>>;
  /** airlock's own bounding set: what the weak control sandbox gets instead of a profile. */
  readonly hostCapabilities: readonly CapabilityName[];
  /**
   * A sibling (a job's service): the init pid of the sandbox whose network and user
   * namespaces it joins instead of making its own (its id mapping is then that sandbox's).
   */
  readonly joinNamespacesOf?: number;
}

interface InitProcess {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

export const initPath = "/.airlock/init";

/** Docker's masked paths, plus the kernel facts Docker leaves readable. */
const maskedPaths = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/proc/config.gz",
  "/proc/kallsyms",
  "/proc/kmsg",
  "/sys/firmware",
  "/sys/devices/virtual/powercap",
  "/sys/kernel/vmcoreinfo",
  "/sys/kernel/debug",
  "/sys/kernel/security",
];

const readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

/** Character devices a CI job may open; everything else is denied by the device cgroup. */
const allowedDevices: OciResources["devices"] = [
  { allow: false, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 3, access: "rwm" }, // null
  { allow: true, type: "c", major: 1, minor: 5, access: "rwm" }, // zero
  { allow: true, type: "c", major: 1, minor: 7, access: "rwm" }, // full
  { allow: true, type: "c", major: 1, minor: 8, access: "rwm" }, // random
  { allow: true, type: "c", major: 1, minor: 9, access: "rwm" }, // urandom
  { allow: true, type: "c", major: 5, minor: 0, access: "rwm" }, // tty
  { allow: true, type: "c", major: 5, minor: 2, access: "rwm" }, // ptmx
  { allow: true, type: "c", major: 136, access: "rwm" }, // pts
];

const errnoNumbers: Readonly<Record<string, number>> = { EPERM: 1, ENOSYS: 38 };

export function buildOciSpec(spec: SandboxSpec, layout: ContainerLayout): OciSpec {
  const h = spec.hardening;
  const idMap = [{ containerID: 0, hostID: layout.hostIdBase, size: layout.hostIdCount }];
  const parent = layout.joinNamespacesOf;
  const joined = (type: string, ns: string): { type: string; path?: string } =>
    parent === undefined ? { type } : { type, path: `/proc/${parent}/ns/${ns}` };
  return {
    ociVersion: "1.0.2",
    process: {
      ...buildProcess(spec, layout, { argv: [initPath], env: spec.env, cwd: "/" }),
      oomScoreAdj: 500,
    },
    root: { path: layout.rootfs, readonly: false },
    hostname: spec.hostname,
    mounts: buildMounts(spec, layout),
    annotations: layout.annotations,
    linux: {
      namespaces: [
        ...(h.pidNamespace ? [{ type: "pid" }] : []),
        { type: "ipc" },
        { type: "uts" },
        { type: "mount" },
        joined("network", "net"),
        { type: "cgroup" },
        ...(h.userNamespace ? [joined("user", "user")] : []),
      ],
      ...(h.userNamespace ? { uidMappings: idMap, gidMappings: idMap } : {}),
      resources: buildResources(spec, layout),
      cgroupsPath: layout.cgroupsPath,
      rootfsPropagation: "rprivate",
      maskedPaths: h.maskPaths ? maskedPaths : [],
      readonlyPaths: h.readonlyPaths ? readonlyPaths : [],
      ...(h.seccomp ? { seccomp: seccompProfile() } : {}),
    },
  };
}

/**
 * The process runc starts: sandbox-init, with the sandbox's user, capabilities,
 * noNewPrivileges and (through the container) seccomp and cgroups. Every command later
 * forked by sandbox-init inherits exactly this confinement.
 */
function buildProcess(
  spec: SandboxSpec,
  layout: ContainerLayout,
  request: InitProcess,
): OciProcess {
  const h = spec.hardening;
  const caps = h.dropCapabilities
    ? capabilityProfiles[spec.capabilities].map((c) => c.name)
    : layout.hostCapabilities;
  return {
    terminal: false,
    user: { uid: 0, gid: 0 },
    args: request.argv,
    env: execEnvironment(spec, request.env),
    cwd: request.cwd,
    capabilities: {
      bounding: caps,
      effective: caps,
      permitted: caps,
      inheritable: [],
      ambient: [],
    },
    // No rlimits: they are inherited from airlock's own (raising a hard limit is not
    // permitted inside the user namespace); cgroups are the resource bound.
    rlimits: [],
    noNewPrivileges: h.noNewPrivileges,
  };
}

function buildMounts(spec: SandboxSpec, layout: ContainerLayout): OciMount[] {
  const h = spec.hardening;
  const writable = ["nosuid", "nodev"];
  const mounts: OciMount[] = [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    {
      destination: "/dev",
      type: "tmpfs",
      source: "tmpfs",
      options: ["nosuid", "strictatime", "mode=755", "size=65536k"],
    },
    {
      destination: "/dev/pts",
      type: "devpts",
      source: "devpts",
      options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"],
    },
    {
      destination: "/dev/shm",
      type: "tmpfs",
      source: "shm",
      options: [...writable, "noexec", "mode=1777", "size=65536k"],
    },
    {
      destination: "/dev/mqueue",
      type: "mqueue",
      source: "mqueue",
      options: [...writable, "noexec"],
    },
    {
      destination: "/sys",
      type: "sysfs",
      source: "sysfs",
      options: ["nosuid", "noexec", "nodev", "ro"],
    },
    {
      destination: "/sys/fs/cgroup",
      type: "cgroup",
      source: "cgroup",
      options: ["nosuid", "noexec", "nodev", "relatime", "ro"],
    },
    bind(layout.initBinary, initPath, true),
    bind(`${layout.etcDir}/resolv.conf`, "/etc/resolv.conf", true),
    bind(`${layout.etcDir}/hosts`, "/etc/hosts", true),
    bind(`${layout.etcDir}/hostname`, "/etc/hostname", true),
    ...spec.mounts.map((m) => bind(m.source, m.destination, m.readonly)),
  ];
  // Without minimal devices the weak control sandbox sees the host's /dev.
  return h.minimalDevices
    ? mounts
    : mounts.map((m) =>
        m.destination === "/dev"
          ? { ...m, type: "bind", source: "/dev", options: ["rbind", "rw"] }
          : m,
      );
}

/** A bind mount that never carries host submounts or device/setuid meaning. */
function bind(source: string, destination: string, readonly: boolean): OciMount {
  return {
    destination,
    type: "bind",
    source,
    options: ["bind", "rprivate", "nosuid", "nodev", readonly ? "ro" : "rw"],
  };
}

function buildResources(spec: SandboxSpec, layout: ContainerLayout): OciResources {
  const devices = spec.hardening.minimalDevices ? allowedDevices : [{ allow: true, access: "rwm" }];
  if (!spec.hardening.limits) return { devices };
  const memory = spec.size.memoryMiB * 1024 * 1024;
  const period = 100_000;
  return {
    devices,
    // swap == limit means "no swap beyond the memory limit" (memory+swap total).
    memory: {
      limit: memory,
      ...(layout.swapAccounting ? { swap: memory } : {}),
      disableOOMKiller: false,
    },
    cpu: { quota: Math.round(spec.size.cpus * period), period },
    pids: { limit: spec.size.pids },
  };
}

/** The seccomp section every hardened container gets (exported for the benchmark's peer). */
export function seccompProfile(): OciSeccomp {
  return {
    defaultAction: "SCMP_ACT_ERRNO",
    defaultErrnoRet: errnoNumbers["EPERM"] ?? 1,
    architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    syscalls: seccompAllowlist.map((entry) => ({
      names: entry.names,
      action: entry.action,
      ...(entry.errno === undefined ? {} : { errnoRet: errnoNumbers[entry.errno] ?? 1 }),
      ...(entry.args === undefined
        ? {}
        : {
            args: entry.args.map((a) => ({
              index: a.index,
              value: a.value,
              valueTwo: a.valueTwo ?? 0,
              op: a.op,
            })),
          }),
    })),
  };
}
