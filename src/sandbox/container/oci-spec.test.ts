import { describe, expect, it } from "vitest";
import { fullHardening, makeSandboxSpec, noHardening } from "../sandbox-spec.js";
import { buildOciSpec, initPath, type ContainerLayout } from "./oci-spec.js";

const layout: ContainerLayout = {
  rootfs: "/state/sandboxes/abc/rootfs",
  hostIdBase: 1 << 30,
  hostIdCount: 65536,
  initBinary: "/state/bin/sandbox-init",
  etcDir: "/state/sandboxes/abc/etc",
  cgroupsPath: "/airlock/abc",
  swapAccounting: true,
  annotations: { "org.airlock.sandbox": "abc" },
  hostCapabilities: ["CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_NET_RAW"],
};

describe("buildOciSpec (hardened)", () => {
  const spec = makeSandboxSpec({ size: { cpus: 1.5, memoryMiB: 512, diskMiB: 1024, pids: 100 } });
  const oci = buildOciSpec(spec, layout);

  it("maps sandbox root to the sandbox's own unprivileged host range", () => {
    expect(oci.linux.namespaces.map((n) => n.type)).toEqual(
      expect.arrayContaining(["user", "pid", "mount", "network", "ipc", "uts", "cgroup"]),
    );
    expect(oci.linux.uidMappings).toEqual([{ containerID: 0, hostID: 1 << 30, size: 65536 }]);
    expect(oci.linux.gidMappings).toEqual(oci.linux.uidMappings);
  });

  it("sets noNewPrivileges and only the default profile's capabilities", () => {
    expect(oci.process.noNewPrivileges).toBe(true);
    const caps = oci.process.capabilities.bounding;
    expect(caps).toContain("CAP_CHOWN");
    for (const forbidden of [
      "CAP_SYS_ADMIN",
      "CAP_NET_RAW",
      "CAP_MKNOD",
      "CAP_NET_ADMIN",
      "CAP_SYS_PTRACE",
    ]) {
      expect(caps).not.toContain(forbidden);
    }
    expect(oci.process.capabilities.ambient).toEqual([]);
  });

  it("keeps no capability in the strict profile", () => {
    const strict = buildOciSpec(makeSandboxSpec({ capabilities: "strict" }), layout);
    expect(strict.process.capabilities.bounding).toEqual([]);
    expect(strict.process.capabilities.effective).toEqual([]);
  });

  it("installs a default-deny seccomp filter that answers EPERM", () => {
    expect(oci.linux.seccomp?.defaultAction).toBe("SCMP_ACT_ERRNO");
    expect(oci.linux.seccomp?.defaultErrnoRet).toBe(1);
    const allowed = oci.linux.seccomp?.syscalls
      .filter((s) => s.action === "SCMP_ACT_ALLOW")
      .flatMap((s) => s.names);
    expect(allowed).toContain("read");
    expect(allowed).not.toContain("mount");
    expect(allowed).not.toContain("io_uring_setup");
  });

  it("masks kernel facts and makes /proc/sys read-only", () => {
    expect(oci.linux.maskedPaths).toEqual(
      expect.arrayContaining([
        "/proc/kcore",
        "/proc/config.gz",
        "/sys/kernel/vmcoreinfo",
        "/proc/keys",
      ]),
    );
    expect(oci.linux.readonlyPaths).toEqual(
      expect.arrayContaining(["/proc/sys", "/proc/sysrq-trigger"]),
    );
    expect(oci.linux.rootfsPropagation).toBe("rprivate");
  });

  it("bounds memory without extra swap, cpu and pids, and denies devices by default", () => {
    expect(oci.linux.resources.memory).toEqual({
      limit: 512 * 1024 * 1024,
      swap: 512 * 1024 * 1024,
      disableOOMKiller: false,
    });
    expect(oci.linux.resources.cpu).toEqual({ quota: 150_000, period: 100_000 });
    expect(oci.linux.resources.pids).toEqual({ limit: 100 });
    expect(oci.linux.resources.devices[0]).toEqual({ allow: false, access: "rwm" });
  });

  it("mounts only nosuid,nodev binds and runs sandbox-init as PID 1", () => {
    expect(oci.process.args).toEqual([initPath]);
    for (const m of oci.mounts.filter((m) => m.type === "bind")) {
      expect(m.options).toEqual(expect.arrayContaining(["nosuid", "nodev", "rprivate"]));
    }
    expect(oci.mounts.find((m) => m.destination === "/sys")?.options).toContain("ro");
    expect(oci.mounts.find((m) => m.destination === "/dev")?.type).toBe("tmpfs");
  });
});

describe("buildOciSpec (weak control)", () => {
  const oci = buildOciSpec(makeSandboxSpec({ hardening: noHardening }), layout);
  it("switches every layer off", () => {
    expect(oci.linux.namespaces.map((n) => n.type)).not.toContain("user");
    expect(oci.linux.namespaces.map((n) => n.type)).not.toContain("pid");
    expect(oci.linux.seccomp).toBeUndefined();
    expect(oci.process.noNewPrivileges).toBe(false);
    expect(oci.process.capabilities.bounding).toEqual(layout.hostCapabilities);
    expect(oci.linux.maskedPaths).toEqual([]);
    expect(oci.linux.readonlyPaths).toEqual([]);
    expect(oci.linux.resources.memory).toBeUndefined();
  });
});

describe("sandbox-init's process", () => {
  it("runs sandbox-init with the sandbox env and keeps hardening", () => {
    const spec = makeSandboxSpec({ env: { A: "spec" }, hardening: fullHardening });
    const p = buildOciSpec(spec, layout).process;
    expect(p.args).toEqual([initPath]);
    expect(p.env).toEqual(expect.arrayContaining(["A=spec", "HOME=/root"]));
    expect(p.noNewPrivileges).toBe(true);
  });
});

describe("buildOciSpec (a sibling: a job's service)", () => {
  const oci = buildOciSpec(makeSandboxSpec(), { ...layout, joinNamespacesOf: 4242 });

  it("joins the parent's network and user namespaces and makes its own others", () => {
    expect(oci.linux.namespaces).toEqual(
      expect.arrayContaining([
        { type: "network", path: "/proc/4242/ns/net" },
        { type: "user", path: "/proc/4242/ns/user" },
        { type: "pid" },
        { type: "mount" },
      ]),
    );
    expect(oci.linux.uidMappings).toEqual([{ containerID: 0, hostID: 1 << 30, size: 65536 }]);
  });

  it("keeps every hardening layer", () => {
    expect(oci.process.noNewPrivileges).toBe(true);
    expect(oci.linux.seccomp).toBeDefined();
    expect(oci.process.capabilities.bounding).not.toContain("CAP_SYS_ADMIN");
  });
});
