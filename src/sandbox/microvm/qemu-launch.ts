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
  /** The tap QEMU inherits open at `fd`, opened by `opener` (native/tap-open.c) as root. */
  readonly tap?: { readonly opener: string; readonly name: string; readonly fd: number };
}

/**
 * The argv that starts `qemu` confined: a shell writes its own pid into each cgroup and
 * execs nsenter, which enters the VM's network namespace and execs (with a NIC) tap-open,
 * which opens the tap as root and execs setpriv, which drops to
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
    ...(launch.tap === undefined
      ? []
      : [launch.tap.opener, launch.tap.name, String(launch.tap.fd), "--"]),
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
