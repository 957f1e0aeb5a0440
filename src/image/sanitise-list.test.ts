import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { sanitiseList, sanitisedHostname } from "./sanitise-list.js";

const byPath = (path: string) => sanitiseList.filter((entry) => entry.path === path);

describe("sanitiseList", () => {
  it("gives every entry a normal absolute path and a reason", () => {
    for (const entry of sanitiseList) {
      expect(entry.path).toMatch(/^\//);
      expect(posix.normalize(entry.path)).toBe(entry.path);
      expect(entry.path.endsWith("/")).toBe(false);
      expect(entry.reason.length).toBeGreaterThan(10);
    }
  });

  it("replaces resolv.conf with a comment only: no resolver, never the host's", () => {
    const [entry] = byPath("/etc/resolv.conf");
    expect(entry?.action.kind).toBe("write");
    if (entry?.action.kind !== "write") return;
    const lines = entry.action.content.split("\n").filter((l) => l.trim().length > 0);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith("#"))).toBe(true);
    expect(entry.action.content).toMatch(/airlock replaces/);
    let host = "";
    try {
      host = readFileSync("/etc/resolv.conf", "utf8");
    } catch {
      /* a host without one */
    }
    expect(entry.action.content).not.toBe(host);
  });

  it("sets a generic hostname and hosts file and an empty machine-id", () => {
    const hostname = byPath("/etc/hostname")[0]?.action;
    expect(hostname).toEqual({ kind: "write", content: `${sanitisedHostname}\n`, mode: 0o644 });
    const hosts = byPath("/etc/hosts")[0]?.action;
    expect(hosts?.kind).toBe("write");
    if (hosts?.kind === "write") {
      const names = hosts.content
        .split("\n")
        .filter((l) => l.length > 0)
        .flatMap((l) => l.split(/\s+/).slice(1));
      expect(new Set(names)).toEqual(
        new Set([
          "localhost",
          sanitisedHostname,
          "ip6-localhost",
          "ip6-loopback",
          "ip6-allnodes",
          "ip6-allrouters",
        ]),
      );
    }
    expect(byPath("/etc/machine-id")[0]?.action).toEqual({
      kind: "write",
      content: "",
      mode: 0o444,
    });
  });

  it.each([
    ["/var/lib/dbus/machine-id", "remove"],
    ["/etc/apt/apt.conf.d/99mmdebstrap", "remove"],
    ["/root/.bash_history", "remove"],
    ["/var/lib/apt/lists", "clear-dir"],
    ["/var/cache/apt", "remove-matching"],
    ["/var/cache/apt/archives", "remove-matching"],
    ["/var/log", "empty-files"],
    ["/etc/ssh", "remove-matching"],
  ])("covers %s (%s)", (path, kind) => {
    expect(byPath(path).map((e) => e.action.kind)).toContain(kind);
  });

  it("matches ssh host keys and apt caches, and nothing else there", () => {
    const ssh = byPath("/etc/ssh")[0]?.action;
    const apt = byPath("/var/cache/apt")[0]?.action;
    if (ssh?.kind !== "remove-matching" || apt?.kind !== "remove-matching")
      throw new Error("wrong kinds");
    expect(["ssh_host_ed25519_key", "ssh_host_rsa_key.pub"].every((n) => ssh.pattern.test(n))).toBe(
      true,
    );
    expect(["ssh_config", "moduli", "sshd_config"].some((n) => ssh.pattern.test(n))).toBe(false);
    expect(["pkgcache.bin", "srcpkgcache.bin"].every((n) => apt.pattern.test(n))).toBe(true);
    expect(apt.pattern.test("archives")).toBe(false);
  });

  it("lists each path and action once", () => {
    const keys = sanitiseList.map((e) => `${e.path} ${e.action.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
