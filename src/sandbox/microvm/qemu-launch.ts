/** How QEMU is confined on the host before it runs anything. */
export interface QemuLaunch {
  /** The `cgroup.procs` files QEMU joins (makeVmCgroup's answer). */
  readonly cgroupProcs: readonly string[];
  /** The `ip netns` QEMU runs in (the VM's own: its tap and nothing of the host's). */
  readonly netns: string;
  /** The unprivileged uid and gid QEMU runs as (the sandbox's own host id). */
  readonly uid: number;
  /** Supplementary groups QEMU keeps (the `kvm` group's gid under KVM), else none. */
  readonly groups: readonly number[];
  /** What QEMU inherits open (native/open-fds.c opens it as root): disks and the tap. */
  readonly handOver?: {
    /** The open-fds binary. */
    readonly opener: string;
    readonly fds: readonly HandedFd[];
  };
}

/** A descriptor open-fds opens for QEMU: a tap by name, or a file read-only or read-write. */
export type HandedFd =
  | { readonly kind: "tap"; readonly name: string; readonly fd: number }
  | { readonly kind: "ro" | "rw"; readonly path: string; readonly fd: number };

/**
 * The argv that starts `qemu` confined: a shell writes its own pid into each cgroup and
 * execs nsenter, which enters the VM's network namespace and execs open-fds, which opens
 * QEMU's disks and tap as root and execs setpriv, which drops to
 * `uid` with only `groups`, no capabilities and no_new_privs, and execs QEMU.
 * Every step execs, so the pid airlock spawns is QEMU's own, and QEMU runs no instruction
 * before it is in its cgroup as the unprivileged user. Pure.
 */
export function qemuLaunchArgv(launch: QemuLaunch, qemu: readonly string[]): string[] {
  if (!Number.isInteger(launch.uid) || launch.uid <= 0)
    throw new RangeError(`QEMU must run as an unprivileged uid, got ${launch.uid}`);
  const groups =
    launch.groups.length === 0 ? ["--clear-groups"] : [`--groups=${launch.groups.join(",")}`];
  return [
    "/bin/sh",
    "-c",
    'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"',
    "airlock-qemu",
    ...launch.cgroupProcs,
    "--",
    "nsenter",
    `--net=/run/netns/${launch.netns}`,
    "--",
    ...(launch.handOver === undefined || launch.handOver.fds.length === 0
      ? []
      : [
          launch.handOver.opener,
          ...launch.handOver.fds.flatMap((h) => [
            `--${h.kind}`,
            h.kind === "tap" ? h.name : h.path,
            String(h.fd),
          ]),
          "--",
        ]),
    "setpriv",
    `--reuid=${launch.uid}`,
    `--regid=${launch.uid}`,
    ...groups,
    "--no-new-privs",
    "--inh-caps=-all",
    "--bounding-set=-all",
    "--",
    ...qemu,
  ];
}
