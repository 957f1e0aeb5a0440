import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sanitiseList, sanitisedResolvConf } from "./sanitise-list.js";
import { sanitiseRootfs } from "./sanitise-rootfs.host.js";

let dir: string;
let rootfs: string;
let outside: string;

function put(path: string, content = "x"): void {
  mkdirSync(join(rootfs, path, ".."), { recursive: true });
  writeFileSync(join(rootfs, path), content);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-sanitise-"));
  rootfs = join(dir, "rootfs");
  outside = join(dir, "host-resolv.conf");
  writeFileSync(outside, "nameserver 10.0.0.1\n");
  mkdirSync(rootfs);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("sanitiseRootfs", () => {
  it("replaces host facts, clears caches and logs, and never writes through a symlink", async () => {
    mkdirSync(join(rootfs, "etc"));
    symlinkSync(outside, join(rootfs, "etc/resolv.conf"));
    put("etc/hostname", "buildhost\n");
    put("etc/apt/apt.conf.d/99mmdebstrap", 'Acquire::Check-Date "false";\n');
    put("etc/apt/apt.conf.d/70debconf", "keep\n");
    put("etc/ssh/ssh_host_ed25519_key");
    put("etc/ssh/ssh_config", "keep");
    put("var/lib/dbus/machine-id", "0123");
    put("var/lib/apt/lists/deb.debian.org_InRelease");
    put("var/cache/apt/pkgcache.bin");
    put("var/cache/apt/archives/bash.deb");
    put("var/log/apt/history.log", "Start-Date: today");
    put("var/log/dpkg.log", "lots");
    put("root/.bash_history", "secret");

    const done = await sanitiseRootfs(rootfs);

    expect(readFileSync(outside, "utf8")).toBe("nameserver 10.0.0.1\n");
    expect(lstatSync(join(rootfs, "etc/resolv.conf")).isFile()).toBe(true);
    expect(readFileSync(join(rootfs, "etc/resolv.conf"), "utf8")).toBe(sanitisedResolvConf);
    expect(readFileSync(join(rootfs, "etc/hostname"), "utf8")).toBe("airlock\n");
    expect(readFileSync(join(rootfs, "etc/machine-id"), "utf8")).toBe("");
    expect(lstatSync(join(rootfs, "etc/machine-id")).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(rootfs, "etc/hosts"), "utf8")).toMatch(/^127\.0\.0\.1\tlocalhost$/m);
    expect(existsSync(join(rootfs, "etc/apt/apt.conf.d/99mmdebstrap"))).toBe(false);
    expect(existsSync(join(rootfs, "etc/apt/apt.conf.d/70debconf"))).toBe(true);
    expect(readdirSync(join(rootfs, "etc/ssh"))).toEqual(["ssh_config"]);
    expect(existsSync(join(rootfs, "var/lib/dbus/machine-id"))).toBe(false);
    expect(readdirSync(join(rootfs, "var/lib/apt/lists"))).toEqual([]);
    expect(readdirSync(join(rootfs, "var/cache/apt"))).toEqual(["archives"]);
    expect(readdirSync(join(rootfs, "var/cache/apt/archives"))).toEqual([]);
    expect(readFileSync(join(rootfs, "var/log/apt/history.log"), "utf8")).toBe("");
    expect(readFileSync(join(rootfs, "var/log/dpkg.log"), "utf8")).toBe("");
    expect(existsSync(join(rootfs, "root/.bash_history"))).toBe(false);
    expect(done.length).toBeGreaterThan(5);
  });

  it("refuses a parent directory that is a symlink out of the rootfs", async () => {
    const hostEtc = join(dir, "host-etc");
    mkdirSync(hostEtc);
    writeFileSync(join(hostEtc, "hostname"), "host\n");
    symlinkSync(hostEtc, join(rootfs, "etc"));
    await expect(sanitiseRootfs(rootfs)).rejects.toThrow(/refusing to follow/);
    expect(readFileSync(join(hostEtc, "hostname"), "utf8")).toBe("host\n");
  });

  it("skips what is absent and is idempotent", async () => {
    mkdirSync(join(rootfs, "etc"));
    await sanitiseRootfs(rootfs);
    const second = await sanitiseRootfs(
      rootfs,
      sanitiseList.filter((e) => e.action.kind !== "write"),
    );
    expect(second).toEqual([]);
  });
});
