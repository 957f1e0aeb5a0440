import { describe, expect, it } from "vitest";
import { buildChecks } from "./build-checks.js";
import { fixPackages } from "./fix-packages.js";
import type { CheckId, CheckRow, HostFacts } from "./host-report.js";
import { sampleFacts } from "./sample-facts.fixture.js";

function row(facts: HostFacts, id: CheckId): CheckRow {
  const found = buildChecks(facts).find((r) => r.id === id);
  if (found === undefined) throw new Error(`no row ${id}`);
  return found;
}

describe("buildChecks", () => {
  it("has one row per check, each with a label and a detail", () => {
    const rows = buildChecks(sampleFacts);
    expect(rows.map((r) => r.id)).toEqual([
      "root",
      "os",
      "userns",
      "netns",
      "cgroup",
      "cgroup-controllers",
      "swap-accounting",
      "runc",
      "crun",
      "runtime",
      "nftables",
      "mmdebstrap",
      "gcc",
      "libc-static",
      "overlayfs",
      "idmap",
      "loop",
      "mkfs-ext4",
      "git",
      "zstd",
      "qemu",
      "depmod",
      "kvm",
      "qemu-tcg",
      "microvm-accel",
    ]);
    for (const r of rows) {
      expect(r.label).not.toBe("");
      expect(r.detail).not.toBe("");
    }
  });

  it("gives every row that is not ok a fix", () => {
    const broken: HostFacts = {
      ...sampleFacts,
      euid: 1000,
      osId: "ubuntu",
      maxUserNamespaces: 0,
      netns: {
        kind: "failed",
        reason: "unshare: unshare failed: Operation not permitted (exit 1)",
      },
      cgroup: { kind: "none", controllers: [], swapAccounting: false },
      runtimes: {
        runc: { probe: { kind: "skipped", reason: "not installed" } },
        crun: { probe: { kind: "skipped", reason: "not installed" } },
      },
      nft: { listTables: { kind: "skipped", reason: "nft is not installed" } },
      mmdebstrap: {},
      gcc: {},
      staticLibc: false,
      overlayFs: false,
      loopControl: false,
      mkfsExt4: {},
      git: {},
      zstd: {},
      kernelRelease: "5.10.0-30-amd64",
      qemu: {},
      depmod: {},
      kvmDevice: false,
    };
    const rows = buildChecks(broken);
    expect(rows.filter((r) => r.status === "ok")).toEqual([]);
    for (const r of rows) expect(r.fix, r.id).toBeTruthy();
  });

  it("describes the hybrid cgroup layout and crun's refusal with its reason", () => {
    expect(row(sampleFacts, "cgroup")).toMatchObject({
      status: "ok",
      detail: "hybrid: v1 controllers + cgroup2 at /sys/fs/cgroup/unified",
    });
    const crun = row(sampleFacts, "crun");
    expect(crun.status).toBe("warn");
    expect(crun.detail).toContain("cgroups in hybrid mode not supported");
    expect(crun.fix).toContain("none needed: airlock uses runc");
    expect(row(sampleFacts, "runtime")).toMatchObject({ status: "ok", scope: "container" });
    expect(row(sampleFacts, "runtime").detail).toMatch(
      /^runc 1\.1\.5\+ds1 \(started a test container/,
    );
  });

  it("names the package for rows a package fixes", () => {
    const missing: HostFacts = {
      ...sampleFacts,
      runtimes: {
        ...sampleFacts.runtimes,
        runc: { probe: { kind: "skipped", reason: "not installed" } },
      },
      mmdebstrap: {},
      staticLibc: false,
      qemu: {},
    };
    expect(row(missing, "runc")).toMatchObject({
      status: "missing",
      package: "runc",
      fix: "apt-get install -y --no-install-recommends runc",
    });
    expect(row(missing, "mmdebstrap").package).toBe("mmdebstrap");
    expect(row(missing, "libc-static").package).toBe("libc6-dev");
    expect(row(missing, "qemu").package).toBe("qemu-system-x86");
  });

  it("reports a KVM guest that hangs as missing, with the deadline", () => {
    const hang: HostFacts = { ...sampleFacts, kvmBoot: { kind: "timeout", ms: 10_004 } };
    expect(row(hang, "kvm")).toMatchObject({
      status: "missing",
      scope: "microvm",
      detail: "KVM present but the guest did not boot within 10s (nested KVM?)",
    });
    expect(row(hang, "kvm").package).toBeUndefined();
    expect(row(hang, "qemu-tcg").status).toBe("ok");
  });

  it("requires kernel 5.19 for idmapped mounts", () => {
    expect(row({ ...sampleFacts, kernelRelease: "5.19.0" }, "idmap").status).toBe("ok");
    const old = row({ ...sampleFacts, kernelRelease: "5.15.0-1-amd64" }, "idmap");
    expect(old.status).toBe("missing");
    expect(old.package).toBeUndefined();
  });

  it("names the missing cgroup controllers and how to enable them on v2", () => {
    const v2: HostFacts = {
      ...sampleFacts,
      cgroup: {
        kind: "v2",
        unifiedMount: "/sys/fs/cgroup",
        controllers: ["cpu", "io"],
        swapAccounting: false,
      },
    };
    expect(row(v2, "cgroup-controllers")).toMatchObject({
      status: "missing",
      detail: "no memory, pids (available: cpu io)",
      fix: "echo '+memory +pids' > /sys/fs/cgroup/cgroup.subtree_control",
    });
    expect(row(v2, "swap-accounting").status).toBe("warn");
  });

  it("marks probes it could not run as a user as warnings, not failures", () => {
    const asUser: HostFacts = {
      ...sampleFacts,
      euid: 1000,
      nft: {
        ...sampleFacts.nft,
        listTables: { kind: "skipped", reason: "not probed: needs root" },
      },
    };
    expect(row(asUser, "nftables")).toMatchObject({
      status: "warn",
      fix: "run `sudo airlock doctor`",
    });
    expect(row(asUser, "root").status).toBe("missing");
  });

  it("warns without git (the runner's), which --fix installs, and blocks no backend", () => {
    const noGit: HostFacts = { ...sampleFacts, git: {} };
    expect(row(noGit, "git")).toMatchObject({
      status: "warn",
      scope: "info",
      fix: "apt-get install -y --no-install-recommends git",
      package: "git",
    });
    expect(fixPackages(buildChecks(noGit))).toContain("git");
    expect(row(sampleFacts, "git")).toMatchObject({ status: "ok", detail: "2.39.5" });
  });

  it("warns without zstd (zstd image layers), which --fix installs, and blocks no backend", () => {
    const noZstd: HostFacts = { ...sampleFacts, zstd: {} };
    expect(row(noZstd, "zstd")).toMatchObject({
      status: "warn",
      scope: "info",
      fix: "apt-get install -y --no-install-recommends zstd",
      package: "zstd",
    });
    expect(fixPackages(buildChecks(noZstd))).toContain("zstd");
    expect(row(sampleFacts, "zstd")).toMatchObject({ status: "ok", detail: "1.5.4" });
  });
});
