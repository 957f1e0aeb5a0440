import { describe, expect, it } from "vitest";
import { qemuLaunchArgv } from "./qemu-launch.js";

describe("qemuLaunchArgv", () => {
  const launch = {
    cgroupProcs: [
      "/sys/fs/cgroup/memory/airlock/x/cgroup.procs",
      "/sys/fs/cgroup/pids/airlock/x/cgroup.procs",
    ],
    netns: "airlock-0123456789ab",
    uid: 1073741824,
    groups: [],
  };
  const argv = qemuLaunchArgv(launch, ["qemu-system-x86_64", "-M", "microvm"]);

  it("joins every cgroup, then the netns, then drops to the uid, before QEMU", () => {
    const qemuAt = argv.indexOf("qemu-system-x86_64");
    const order = ["/bin/sh", ...launch.cgroupProcs, "--", "nsenter", "setpriv"].map((a) =>
      argv.indexOf(a),
    );
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? -1)))).toBe(true);
    expect(argv).toContain("--net=/run/netns/airlock-0123456789ab");
    expect(argv.slice(qemuAt)).toEqual(["qemu-system-x86_64", "-M", "microvm"]);
    expect(argv.slice(argv.indexOf("setpriv"), qemuAt)).toEqual([
      "setpriv",
      "--reuid=1073741824",
      "--regid=1073741824",
      "--clear-groups",
      "--no-new-privs",
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--",
    ]);
  });

  it("keeps only the groups asked for (kvm), and never runs QEMU as root", () => {
    expect(qemuLaunchArgv({ ...launch, groups: [108] }, ["q"])).toContain("--groups=108");
    expect(() => qemuLaunchArgv({ ...launch, uid: 0 }, ["q"])).toThrow(RangeError);
  });

  it("opens the disks and the tap as root, in the netns, before dropping privileges", () => {
    const handed = qemuLaunchArgv(
      {
        ...launch,
        handOver: {
          opener: "/s/bin/open-fds",
          fds: [
            { kind: "ro", path: "/s/images/x/rootfs.ext4", fd: 4 },
            { kind: "tap", name: "tap0", fd: 3 },
          ],
        },
      },
      ["q"],
    );
    const at = handed.indexOf("/s/bin/open-fds");
    expect(handed.slice(at, at + 8)).toEqual([
      "/s/bin/open-fds",
      "--ro",
      "/s/images/x/rootfs.ext4",
      "4",
      "--tap",
      "tap0",
      "3",
      "--",
    ]);
    expect(at).toBeGreaterThan(handed.indexOf("nsenter"));
    expect(at).toBeLessThan(handed.indexOf("setpriv"));
    expect(argv).not.toContain("/s/bin/open-fds");
  });
});
