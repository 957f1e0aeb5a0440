import type { CgroupLayoutKind } from "./host-report.js";

/** The cgroup hierarchies this host mounts, as read from its mount table. */
export interface CgroupLayout {
  readonly kind: CgroupLayoutKind;
  /** Where cgroup2 is mounted, when it is. */
  readonly unifiedMount?: string;
  /** v1 controller name -> the mount point of its hierarchy. */
  readonly v1Controllers: Readonly<Record<string, string>>;
}

const v1ControllerNames = new Set([
  "blkio",
  "cpu",
  "cpuacct",
  "cpuset",
  "devices",
  "freezer",
  "hugetlb",
  "memory",
  "misc",
  "net_cls",
  "net_prio",
  "perf_event",
  "pids",
  "rdma",
]);

interface MountEntry {
  readonly mountPoint: string;
  readonly fsType: string;
  readonly options: readonly string[];
}

/**
 * Classifies the cgroup layout from the text of `/proc/self/mounts` (or
 * `/proc/self/mountinfo`): cgroup2 alone is `v2` (unified), v1 controller hierarchies alone
 * are `v1`, both (systemd's cgroup2 at /sys/fs/cgroup/unified beside v1 hierarchies) are
 * `hybrid`.
 */
export function detectCgroupLayout(mountsText: string): CgroupLayout {
  const v1Controllers: Record<string, string> = {};
  let unifiedMount: string | undefined;
  for (const entry of parseMounts(mountsText)) {
    if (entry.fsType === "cgroup2") {
      // Prefer the canonical place when cgroup2 is mounted more than once.
      if (unifiedMount === undefined || entry.mountPoint === "/sys/fs/cgroup") {
        unifiedMount = entry.mountPoint;
      }
    } else if (entry.fsType === "cgroup") {
      for (const option of entry.options) {
        if (v1ControllerNames.has(option) && v1Controllers[option] === undefined) {
          v1Controllers[option] = entry.mountPoint;
        }
      }
    }
  }
  const hasV1 = Object.keys(v1Controllers).length > 0;
  const kind: CgroupLayoutKind =
    unifiedMount === undefined ? (hasV1 ? "v1" : "none") : hasV1 ? "hybrid" : "v2";
  return unifiedMount === undefined
    ? { kind, v1Controllers }
    : { kind, unifiedMount, v1Controllers };
}

/** Controllers available to airlock: v1 hierarchies, or on v2 the root's cgroup.controllers. */
export function availableControllers(
  layout: CgroupLayout,
  unifiedControllersText: string,
): string[] {
  const names =
    layout.kind === "v2"
      ? unifiedControllersText.split(/\s+/).filter((name) => name !== "")
      : Object.keys(layout.v1Controllers);
  return [...new Set(names)].sort();
}

function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    const separator = fields.indexOf("-");
    if (separator >= 6) {
      // mountinfo: id parent major:minor root mountpoint options [optional...] - type source superoptions
      const [mountPoint, fsType, superOptions] = [
        fields[4],
        fields[separator + 1],
        fields[separator + 3],
      ];
      if (mountPoint !== undefined && fsType !== undefined) {
        entries.push({
          mountPoint: unescape(mountPoint),
          fsType,
          options: (superOptions ?? "").split(","),
        });
      }
    } else if (fields.length >= 4) {
      // mounts: source mountpoint type options dump pass
      const [, mountPoint, fsType, options] = fields;
      if (mountPoint !== undefined && fsType !== undefined) {
        entries.push({
          mountPoint: unescape(mountPoint),
          fsType,
          options: (options ?? "").split(","),
        });
      }
    }
  }
  return entries;
}

/** The kernel writes space, tab, newline and backslash in mount points as octal escapes. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
