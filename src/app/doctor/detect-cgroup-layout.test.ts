import { describe, expect, it } from "vitest";
import { availableControllers, detectCgroupLayout } from "./detect-cgroup-layout.js";

// Verbatim from a Debian 12 host whose init mounts systemd's hybrid layout.
const hybridMounts = `proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0
cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0
cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
`;

const v2Mounts = `sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0
`;

const v1Mounts = `tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0
cgroup /sys/fs/cgroup/systemd cgroup rw,nosuid,nodev,noexec,relatime,xattr,name=systemd 0 0
cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0
cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0
`;

const hybridMountinfo = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:7 - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;

describe("detectCgroupLayout", () => {
  it("recognises the hybrid layout: v1 controllers plus cgroup2 at /sys/fs/cgroup/unified", () => {
    const layout = detectCgroupLayout(hybridMounts);
    expect(layout.kind).toBe("hybrid");
    expect(layout.unifiedMount).toBe("/sys/fs/cgroup/unified");
    expect(layout.v1Controllers).toEqual({
      cpu: "/sys/fs/cgroup/cpu",
      cpuacct: "/sys/fs/cgroup/cpuacct",
      memory: "/sys/fs/cgroup/memory",
      pids: "/sys/fs/cgroup/pids",
    });
  });

  it("recognises the unified (v2) layout", () => {
    const layout = detectCgroupLayout(v2Mounts);
    expect(layout).toEqual({ kind: "v2", unifiedMount: "/sys/fs/cgroup", v1Controllers: {} });
  });

  it("recognises a pure v1 layout with co-mounted controllers and ignores name=systemd", () => {
    const layout = detectCgroupLayout(v1Mounts);
    expect(layout.kind).toBe("v1");
    expect(layout.unifiedMount).toBeUndefined();
    expect(layout.v1Controllers["cpu"]).toBe("/sys/fs/cgroup/cpu,cpuacct");
    expect(layout.v1Controllers["cpuacct"]).toBe("/sys/fs/cgroup/cpu,cpuacct");
    expect(Object.keys(layout.v1Controllers).sort()).toEqual(["cpu", "cpuacct", "memory", "pids"]);
  });

  it("reads /proc/self/mountinfo as well, taking controllers from the super options", () => {
    const layout = detectCgroupLayout(hybridMountinfo);
    expect(layout.kind).toBe("hybrid");
    expect(layout.unifiedMount).toBe("/sys/fs/cgroup/unified");
    expect(layout.v1Controllers).toEqual({
      cpu: "/sys/fs/cgroup/cpu",
      memory: "/sys/fs/cgroup/memory",
    });
  });

  it("says none when no cgroup filesystem is mounted", () => {
    expect(detectCgroupLayout("proc /proc proc rw 0 0\n").kind).toBe("none");
    expect(detectCgroupLayout("").kind).toBe("none");
  });

  it("decodes octal escapes in mount points", () => {
    const layout = detectCgroupLayout("cgroup2 /mnt/my\\040cgroup cgroup2 rw 0 0\n");
    expect(layout.unifiedMount).toBe("/mnt/my cgroup");
  });
});

describe("availableControllers", () => {
  it("lists v1 hierarchies on v1 and hybrid hosts", () => {
    expect(availableControllers(detectCgroupLayout(hybridMounts), "hugetlb\n")).toEqual([
      "cpu",
      "cpuacct",
      "memory",
      "pids",
    ]);
  });

  it("reads cgroup.controllers on v2 hosts", () => {
    expect(
      availableControllers(
        detectCgroupLayout(v2Mounts),
        "cpuset cpu io memory hugetlb pids rdma\n",
      ),
    ).toEqual(["cpu", "cpuset", "hugetlb", "io", "memory", "pids", "rdma"]);
  });
});
