import { describe, it, expect } from "vitest";
import {
  seccompAllowlist,
  seccompDefaultErrno,
  seccompDenied,
  type SeccompArgRule,
  type SeccompEntry,
} from "./seccomp-allowlist.js";

// Flag values from <linux/sched.h>, restated here so the tests do not trust the data file.
const CLONE_FILES = 0x00000400n;
const CLONE_FS = 0x00000200n;
const CLONE_VM = 0x00000100n;
const CLONE_SIGHAND = 0x00000800n;
const CLONE_THREAD = 0x00010000n;
const CLONE_SYSVSEM = 0x00040000n;
const CLONE_SETTLS = 0x00080000n;
const CLONE_PARENT_SETTID = 0x00100000n;
const CLONE_CHILD_CLEARTID = 0x00200000n;
const SIGCHLD = 17n;
const namespaceFlags = {
  CLONE_NEWNS: 0x00020000n,
  CLONE_NEWCGROUP: 0x02000000n,
  CLONE_NEWUTS: 0x04000000n,
  CLONE_NEWIPC: 0x08000000n,
  CLONE_NEWUSER: 0x10000000n,
  CLONE_NEWPID: 0x20000000n,
  CLONE_NEWNET: 0x40000000n,
} as const;
const CLONE_NEWTIME = 0x00000080n;

type Verdict = "SCMP_ACT_ALLOW" | "ENOSYS" | "EPERM";

function ruleMatches(rule: SeccompArgRule, args: readonly bigint[]): boolean {
  const arg = args[rule.index] ?? 0n;
  const value = BigInt(rule.value);
  switch (rule.op) {
    case "SCMP_CMP_EQ":
      return arg === value;
    case "SCMP_CMP_NE":
      return arg !== value;
    case "SCMP_CMP_MASKED_EQ":
      return (arg & value) === BigInt(rule.valueTwo ?? 0);
  }
}

/**
 * What the filter answers on x86_64 for a call with these 64-bit register values: entries are
 * alternatives, the args of one entry are ANDed, and (as libseccomp resolves it) an errno
 * entry wins over an allow entry for the same call.
 */
function verdict(name: string, args: readonly bigint[] = []): Verdict {
  const matching = seccompAllowlist.filter(
    (entry) =>
      entry.names.includes(name) && (entry.args ?? []).every((rule) => ruleMatches(rule, args)),
  );
  const errnoEntry = matching.find((entry) => entry.action === "SCMP_ACT_ERRNO");
  if (errnoEntry !== undefined) return errnoEntry.errno ?? seccompDefaultErrno;
  if (matching.length > 0) return "SCMP_ACT_ALLOW";
  return seccompDefaultErrno;
}

function entriesNaming(name: string): readonly SeccompEntry[] {
  return seccompAllowlist.filter((entry) => entry.names.includes(name));
}

const allowEntries = seccompAllowlist.filter((entry) => entry.action === "SCMP_ACT_ALLOW");
const allowedNames = new Set(allowEntries.flatMap((entry) => entry.names));
const deniedNames = seccompDenied.flatMap((group) => group.names);

describe("seccomp allowlist data", () => {
  it("gives every entry and every denied group a one-sentence reason", () => {
    for (const entry of [...seccompAllowlist, ...seccompDenied]) {
      expect(entry.reason.trim().length, entry.names.join(",")).toBeGreaterThan(20);
      expect(entry.reason, entry.names.join(",")).not.toMatch(/\n/);
      expect(entry.names.length, entry.reason).toBeGreaterThan(0);
    }
  });

  it("uses plausible syscall names, each once per entry", () => {
    for (const entry of [...seccompAllowlist, ...seccompDenied]) {
      for (const name of entry.names) expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(new Set(entry.names).size, entry.names.join(",")).toBe(entry.names.length);
    }
  });

  it("sets errno exactly on errno entries, never equal to the default (runc would drop it)", () => {
    for (const entry of seccompAllowlist) {
      if (entry.action === "SCMP_ACT_ERRNO") {
        expect(entry.errno, entry.names.join(",")).toBeDefined();
        expect(entry.errno, entry.names.join(",")).not.toBe(seccompDefaultErrno);
      } else {
        expect(entry.errno, entry.names.join(",")).toBeUndefined();
      }
    }
    expect(seccompDefaultErrno).toBe("EPERM");
  });

  it("keeps argument values JSON-safe 32-bit numbers and masked values inside their mask", () => {
    for (const entry of seccompAllowlist) {
      for (const rule of entry.args ?? []) {
        expect(rule.index).toBeGreaterThanOrEqual(0);
        expect(rule.index).toBeLessThan(6);
        for (const value of [rule.value, rule.valueTwo ?? 0]) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(0xffffffff);
        }
        if (rule.op === "SCMP_CMP_MASKED_EQ") {
          expect(rule.valueTwo, entry.names.join(",")).toBeDefined();
          expect(BigInt(rule.valueTwo ?? 0) & ~BigInt(rule.value)).toBe(0n);
        } else {
          expect(rule.valueTwo, entry.names.join(",")).toBeUndefined();
        }
      }
    }
  });

  it("never allows through a NE comparison (bypassable with the upper 32 bits)", () => {
    for (const entry of allowEntries) {
      for (const rule of entry.args ?? [])
        expect(rule.op, entry.names.join(",")).not.toBe("SCMP_CMP_NE");
    }
  });

  it("lists a syscall in several entries only as argument-filtered variants of one action", () => {
    const byName = new Map<string, SeccompEntry[]>();
    for (const entry of seccompAllowlist) {
      for (const name of entry.names) byName.set(name, [...(byName.get(name) ?? []), entry]);
    }
    for (const [name, entries] of byName) {
      if (entries.length < 2) continue;
      for (const entry of entries) {
        expect(entry.args?.length ?? 0, name).toBeGreaterThan(0);
        expect(entry.action, name).toBe(entries[0]?.action);
      }
    }
  });

  it("allows none of the denied syscalls and documents each denied name once", () => {
    for (const name of deniedNames) expect(allowedNames.has(name), name).toBe(false);
    expect(new Set(deniedNames).size).toBe(deniedNames.length);
  });

  it("denies every escape-class syscall the security model names", () => {
    const required = [
      "setns",
      "mount",
      "umount",
      "umount2",
      "fsopen",
      "fsconfig",
      "fsmount",
      "fspick",
      "open_tree",
      "move_mount",
      "mount_setattr",
      "pivot_root",
      "keyctl",
      "add_key",
      "request_key",
      "bpf",
      "userfaultfd",
      "perf_event_open",
      "init_module",
      "finit_module",
      "delete_module",
      "create_module",
      "clock_settime",
      "clock_adjtime",
      "settimeofday",
      "stime",
      "adjtimex",
      "open_by_handle_at",
      "name_to_handle_at",
      "kexec_load",
      "kexec_file_load",
      "reboot",
      "swapon",
      "swapoff",
      "acct",
      "quotactl",
      "lookup_dcookie",
      "vm86",
      "vm86old",
      "iopl",
      "ioperm",
      "syslog",
      "io_uring_setup",
      "io_uring_enter",
      "io_uring_register",
    ];
    for (const name of required) {
      expect(deniedNames, name).toContain(name);
      expect(verdict(name), name).toBe("EPERM");
    }
  });

  it("answers io_uring with the default EPERM, never an allow or a kill", () => {
    for (const name of ["io_uring_setup", "io_uring_enter", "io_uring_register"]) {
      expect(entriesNaming(name), name).toHaveLength(0);
      expect(verdict(name, [1n])).toBe("EPERM");
    }
  });

  it("allows clone only without namespace flags, with Docker's masked rule", () => {
    const mask = Object.values(namespaceFlags).reduce((all, flag) => all | flag, 0n);
    expect(mask).toBe(0x7e020000n);
    const clones = entriesNaming("clone");
    expect(clones).toHaveLength(1);
    expect(clones[0]?.action).toBe("SCMP_ACT_ALLOW");
    expect(clones[0]?.args).toEqual([
      { index: 0, op: "SCMP_CMP_MASKED_EQ", value: Number(mask), valueTwo: 0 },
    ]);

    const fork = SIGCHLD | CLONE_CHILD_CLEARTID;
    const thread =
      CLONE_VM |
      CLONE_FS |
      CLONE_FILES |
      CLONE_SIGHAND |
      CLONE_THREAD |
      CLONE_SYSVSEM |
      CLONE_SETTLS |
      CLONE_PARENT_SETTID |
      CLONE_CHILD_CLEARTID;
    expect(verdict("clone", [fork])).toBe("SCMP_ACT_ALLOW");
    expect(verdict("clone", [thread])).toBe("SCMP_ACT_ALLOW");
    for (const [flagName, flag] of Object.entries(namespaceFlags)) {
      expect(verdict("clone", [fork | flag]), flagName).toBe("EPERM");
      expect(verdict("clone", [(1n << 40n) | fork | flag]), `${flagName} with upper bits`).toBe(
        "EPERM",
      );
    }
  });

  it("allows unshare of process state but of no namespace, CLONE_NEWTIME included", () => {
    const unshares = entriesNaming("unshare");
    expect(unshares).toHaveLength(1);
    const rule = unshares[0]?.args?.[0];
    expect(rule?.op).toBe("SCMP_CMP_MASKED_EQ");
    expect(rule?.index).toBe(0);
    expect(rule?.valueTwo).toBe(0);
    expect(verdict("unshare", [CLONE_FILES])).toBe("SCMP_ACT_ALLOW");
    expect(verdict("unshare", [CLONE_FS | CLONE_SYSVSEM])).toBe("SCMP_ACT_ALLOW");
    for (const [flagName, flag] of Object.entries({ ...namespaceFlags, CLONE_NEWTIME })) {
      expect(verdict("unshare", [flag]), flagName).toBe("EPERM");
      expect(verdict("unshare", [CLONE_FILES | flag]), flagName).toBe("EPERM");
    }
  });

  it("answers clone3 with ENOSYS so libc falls back to the filtered clone", () => {
    const entries = entriesNaming("clone3");
    expect(entries).toHaveLength(1);
    expect(entries[0]?.action).toBe("SCMP_ACT_ERRNO");
    expect(entries[0]?.errno).toBe("ENOSYS");
    expect(entries[0]?.args).toBeUndefined();
  });

  it("allows only common socket families, robust to upper bits and to the i386 multiplexer", () => {
    const AF_UNIX = 1n;
    const AF_INET = 2n;
    const AF_INET6 = 10n;
    const AF_NETLINK = 16n;
    const AF_PACKET = 17n;
    const AF_ALG = 38n;
    const AF_VSOCK = 40n;
    for (const family of [AF_UNIX, AF_INET, AF_INET6, AF_NETLINK]) {
      expect(verdict("socket", [family, 1n, 0n]), String(family)).toBe("SCMP_ACT_ALLOW");
    }
    for (const family of [0n, AF_PACKET, AF_ALG, AF_VSOCK, 45n, 255n]) {
      expect(verdict("socket", [family, 1n, 0n]), String(family)).toBe("EPERM");
    }
    expect(verdict("socket", [(1n << 32n) | AF_VSOCK, 1n, 0n])).toBe("EPERM");
    expect(verdict("socketpair", [AF_UNIX, 1n, 0n])).toBe("SCMP_ACT_ALLOW");
    expect(verdict("socketpair", [AF_VSOCK, 1n, 0n])).toBe("EPERM");
    const socketcall = entriesNaming("socketcall");
    expect(socketcall).toHaveLength(1);
    expect(socketcall[0]?.args).toBeUndefined();
    expect(verdict("socketcall", [1n])).toBe("ENOSYS");
  });

  it("allows personality only with Docker's safe values", () => {
    for (const value of [0x0n, 0x8n, 0x20000n, 0x20008n, 0xffffffffn]) {
      expect(verdict("personality", [value]), value.toString(16)).toBe("SCMP_ACT_ALLOW");
    }
    const ADDR_NO_RANDOMIZE = 0x0040000n;
    const READ_IMPLIES_EXEC = 0x0400000n;
    for (const value of [ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC, 0x1n, (1n << 32n) | 0x8n]) {
      expect(verdict("personality", [value]), value.toString(16)).toBe("EPERM");
    }
  });

  it("allows what every program needs to start, run and exit", () => {
    for (const name of [
      "execve",
      "brk",
      "mmap",
      "mprotect",
      "openat",
      "read",
      "write",
      "close",
      "fstat",
      "newfstatat",
      "rt_sigaction",
      "rt_sigprocmask",
      "rt_sigreturn",
      "futex",
      "set_tid_address",
      "set_robust_list",
      "rseq",
      "arch_prctl",
      "prlimit64",
      "getrandom",
      "wait4",
      "exit_group",
      "epoll_wait",
      "ptrace",
    ]) {
      expect(verdict(name), name).toBe("SCMP_ACT_ALLOW");
    }
    expect(allowedNames.size).toBeGreaterThan(300);
  });
});
