/** A virtio disk; guest-init finds each by its serial (native/guest-init.c). */
export interface QemuDisk {
  readonly path: string;
  /**
   * `airlock-base`: the image's rootfs (shared, read-only); `airlock-upper`: the job's own
   * writable layer; `airlock-modules`: the kernel's modules tree (shared, read-only).
   */
  readonly serial: "airlock-base" | "airlock-upper" | "airlock-modules";
  readonly readonly: boolean;
  /**
   * Descriptors QEMU inherits the disk open at (see native/open-fds.c): then QEMU never opens
   * `path` itself (it may not be allowed to) and takes `/dev/fdset/<first fd>`. A writable
   * disk needs two, read-write and read-only: QEMU also opens it read-only (for its image
   * locks), and an fd set answers only with a descriptor of the asked access mode.
   */
  readonly fds?: readonly number[];
}

/**
 * The guest's NIC: a virtio-net device on a tap QEMU inherits open as `tapFd` (see
 * native/open-fds.c), and the IPv4 settings guest-init gives eth0
 * (`airlock.net=<address>,<netmask>,<gateway>`).
 */
export interface QemuNetwork {
  readonly tapFd: number;
  readonly mac: string;
  readonly address: string;
  readonly netmask: string;
  readonly gateway: string;
  /** IPv6 too when the host routes it (`airlock.net6=<address>/<prefix>,<gateway>`). */
  readonly ipv6?: {
    readonly address: string;
    readonly prefixLength: number;
    readonly gateway: string;
  };
}

/** How a guest is booted: everything QEMU's argv depends on. */
export interface QemuBootSpec {
  readonly kernel: string;
  readonly initramfs: string;
  /** `kvm` needs /dev/kvm; `tcg` is software emulation (slow; the explicit fallback). */
  readonly accel: "kvm" | "tcg";
  readonly cpus: number;
  readonly memoryMiB: number;
  /**
   * TCG only: the guest's TSC rate in kHz, which under TCG is the host's TSC rate. Passed as
   * `tsc_early_khz` so that the guest does not calibrate its TSC against the emulated PIT:
   * on a busy host that calibration fails, the TSC is marked unstable and the boot hangs
   * (6 of 8 boots with two CPU hogs running; 0 of 8 with this parameter).
   */
  readonly tscKhz?: number;
  /** Kernel parameters added after airlock's own. */
  readonly extraAppend?: readonly string[];
  /**
   * A Unix socket, already listening, that QEMU connects to at startup (as a client) for the
   * guest's virtio-serial port `airlock.agent`: the agent channel of docs/agent-protocol.md.
   * QEMU exits at once when it cannot connect. Without it the port is connected to nothing
   * and guest-init powers off after its ready line.
   */
  readonly agentSocket?: string;
  /** Raw disk images in this order; without `airlock-base` the guest stays in its initramfs. */
  readonly disks?: readonly QemuDisk[];
  /** Without it the guest has no NIC at all (loopback only). */
  readonly network?: QemuNetwork;
  /** The guest's hostname (`airlock.hostname=`, set by guest-init). */
  readonly hostname?: string;
  /**
   * Tests only: the escape battery's deliberately weak VMs (its negative controls). Nothing a
   * user writes reaches this: the backend never sets it.
   */
  readonly weaken?: {
    /** Appended to the argv as they are (an extra device, a CPU model, a monitor). */
    readonly extraArgs?: readonly string[];
    /** Leaves out QEMU's own seccomp sandbox. */
    readonly noSeccomp?: boolean;
  };
  /** Defaults to `qemu-system-x86_64` on PATH. */
  readonly qemuBinary?: string;
}

/** The kernel parameters every guest gets. */
export const baseKernelParams = [
  // The ISA serial port: the only console there is before any module is loaded.
  "console=ttyS0",
  // A guest panic ends the VM at once (with -no-reboot, QEMU exits) instead of hanging.
  "panic=-1",
  // Booting prints only errors; guest-init's lines are the ones that matter.
  "quiet",
  // microvm has no PCI bus (pcie=off): do not probe for one.
  "pci=off",
  // No legacy keyboard controller exists on microvm: do not wait to probe one.
  "i8042.noaux",
  "i8042.nomux",
  "i8042.nopnp",
  "i8042.dumbkbd",
] as const;

/**
 * QEMU's argv for one guest on the `microvm` machine: no default devices, no user config,
 * no display, and no network but an optional virtio-net NIC on a tap (never user-mode
 * networking, which would reach the host's loopback); the serial console (ISA serial, ttyS0) on QEMU's stdout;
 * ACPI on (virtio-mmio devices are found through it, and guest power-off works through it);
 * the PIT, PIC and RTC left at microvm's defaults (without PIT and PIC the kernel hangs
 * under TCG); a CPU without virtualisation extensions (cpuModel); one virtio-serial port
 * `airlock.agent` (see `agentSocket`);
 * QEMU's own seccomp sandbox denying obsolete syscalls, privilege changes, process spawning
 * and resource control. A guest reboot or panic ends QEMU (`-no-reboot`). Pure: builds,
 * never runs.
 */
export function qemuCommand(spec: QemuBootSpec): string[] {
  if (!Number.isInteger(spec.cpus) || spec.cpus < 1 || spec.cpus > 64) {
    throw new RangeError(`cpus must be an integer from 1 to 64, got ${spec.cpus}`);
  }
  if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < 64) {
    throw new RangeError(`memoryMiB must be an integer of at least 64, got ${spec.memoryMiB}`);
  }
  if (spec.tscKhz !== undefined && (!Number.isInteger(spec.tscKhz) || spec.tscKhz <= 0)) {
    throw new RangeError(`tscKhz must be a positive integer, got ${spec.tscKhz}`);
  }
  const tsc =
    spec.accel === "tcg" && spec.tscKhz !== undefined ? [`tsc_early_khz=${spec.tscKhz}`] : [];
  if (spec.hostname !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(spec.hostname)) {
    throw new RangeError(`bad guest hostname: ${JSON.stringify(spec.hostname)}`);
  }
  const hostname = spec.hostname === undefined ? [] : [`airlock.hostname=${spec.hostname}`];
  const { network } = spec;
  if (network !== undefined) {
    const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;
    if (![network.address, network.netmask, network.gateway].every((a) => ipv4.test(a)))
      throw new RangeError(`bad guest IPv4 settings: ${JSON.stringify(network)}`);
    if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(network.mac))
      throw new RangeError(`bad guest MAC: ${network.mac}`);
    if (!Number.isInteger(network.tapFd) || network.tapFd < 3)
      throw new RangeError(`bad tap fd: ${network.tapFd}`);
  }
  const v6 = network?.ipv6;
  if (v6 !== undefined) {
    const ipv6 = /^[0-9a-f:]+$/i;
    if (!ipv6.test(v6.address) || !ipv6.test(v6.gateway) || !Number.isInteger(v6.prefixLength))
      throw new RangeError(`bad guest IPv6 settings: ${JSON.stringify(v6)}`);
  }
  const net =
    network === undefined
      ? []
      : [
          `airlock.net=${network.address},${network.netmask},${network.gateway}`,
          ...(v6 === undefined
            ? []
            : [`airlock.net6=${v6.address}/${v6.prefixLength},${v6.gateway}`]),
        ];
  const append = [...baseKernelParams, ...tsc, ...hostname, ...net, ...(spec.extraAppend ?? [])];
  const disks = spec.disks ?? [];
  for (const param of append) {
    if (param === "" || /\s/.test(param))
      throw new RangeError(`bad kernel parameter: ${JSON.stringify(param)}`);
  }
  for (const path of [
    spec.kernel,
    spec.initramfs,
    spec.agentSocket ?? "",
    ...disks.filter((d) => d.fds === undefined).map((d) => d.path),
  ]) {
    // QEMU's option parser would split a path at a comma.
    if (path.includes(",")) throw new RangeError(`QEMU cannot take a path with a comma: ${path}`);
  }
  return [
    spec.qemuBinary ?? "qemu-system-x86_64",
    "-M",
    "microvm,isa-serial=on,acpi=on,pcie=off,x-option-roms=off",
    "-accel",
    // TCG's translation cache defaults to 1 GiB: 64 MiB keeps a VM's overhead small.
    spec.accel === "tcg" ? "tcg,tb-size=64" : "kvm",
    "-cpu",
    cpuModel(spec.accel),
    "-smp",
    String(spec.cpus),
    "-m",
    `${spec.memoryMiB}M`,
    "-nodefaults",
    "-no-user-config",
    "-nographic",
    "-serial",
    "stdio",
    "-no-reboot",
    ...(spec.weaken?.noSeccomp === true
      ? []
      : ["-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"]),
    "-chardev",
    spec.agentSocket === undefined ? "null,id=agent" : `socket,id=agent,path=${spec.agentSocket}`,
    "-device",
    "virtio-serial-device",
    "-device",
    "virtserialport,chardev=agent,name=airlock.agent",
    ...disks.flatMap((disk, index) => [
      ...(disk.fds ?? []).flatMap((fd) => ["-add-fd", `fd=${fd},set=${disk.fds?.[0] ?? fd}`]),
      "-drive",
      `file=${disk.fds?.[0] === undefined ? disk.path : `/dev/fdset/${disk.fds[0]}`},if=none,id=disk${index},format=raw${disk.readonly ? ",readonly=on" : ""}`,
      "-device",
      `virtio-blk-device,drive=disk${index},serial=${disk.serial}`,
    ]),
    ...(network === undefined
      ? []
      : [
          "-netdev",
          `tap,id=net0,fd=${network.tapFd}`,
          "-device",
          `virtio-net-device,netdev=net0,mac=${network.mac}`,
        ]),
    "-kernel",
    spec.kernel,
    "-initrd",
    spec.initramfs,
    "-append",
    append.join(" "),
    ...(spec.weaken?.extraArgs ?? []),
  ];
}

/**
 * The guest's CPU, never with VMX or SVM, so that no guest can run a hypervisor of its own
 * (QEMU's default model, qemu64, exposes SVM, and TCG emulates it). Under KVM the host's
 * model; under TCG qemu64 raised to x86-64-v2 (SSSE3, SSE4.1/4.2, POPCNT, CMPXCHG16B), which
 * images built for newer baselines need. (`max` boots under TCG here, but the guest's agent
 * dies at its first command because of LA57, 5-level paging: `max,-la57` works, and would
 * offer x86-64-v3; not adopted yet for want of a full test run with it.)
 */
export function cpuModel(accel: "kvm" | "tcg"): string {
  return accel === "kvm"
    ? "host,-vmx,-svm"
    : "qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+cx16,-vmx,-svm";
}
