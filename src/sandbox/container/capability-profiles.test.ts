import { describe, it, expect } from "vitest";
import {
  capabilityProfiles,
  forbiddenCapabilities,
  type CapabilityEntry,
  type CapabilityName,
} from "./capability-profiles.js";

// Every capability of Linux 6.x (<linux/capability.h>, CAP_LAST_CAP = CAP_CHECKPOINT_RESTORE).
const allCapabilities: readonly CapabilityName[] = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
];

const names = (entries: readonly CapabilityEntry[]): CapabilityName[] =>
  entries.map((entry) => entry.name);
const defaultNames = names(capabilityProfiles.default);
const forbiddenNames = names(forbiddenCapabilities);

describe("capability profiles", () => {
  it("gives every entry a one-sentence reason", () => {
    for (const entry of [
      ...capabilityProfiles.default,
      ...capabilityProfiles.strict,
      ...forbiddenCapabilities,
    ]) {
      expect(entry.reason.trim().length, entry.name).toBeGreaterThan(20);
      expect(entry.reason, entry.name).not.toMatch(/\n/);
    }
  });

  it("lists each capability at most once per list", () => {
    expect(new Set(defaultNames).size).toBe(defaultNames.length);
    expect(new Set(forbiddenNames).size).toBe(forbiddenNames.length);
  });

  it("grants exactly Docker's default set minus CAP_NET_RAW and CAP_MKNOD", () => {
    expect([...defaultNames].sort()).toEqual(
      [
        "CAP_AUDIT_WRITE",
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_FOWNER",
        "CAP_FSETID",
        "CAP_KILL",
        "CAP_NET_BIND_SERVICE",
        "CAP_SETFCAP",
        "CAP_SETGID",
        "CAP_SETPCAP",
        "CAP_SETUID",
        "CAP_SYS_CHROOT",
      ].sort(),
    );
  });

  it("grants no forbidden capability in any profile", () => {
    for (const profile of [capabilityProfiles.default, capabilityProfiles.strict]) {
      for (const entry of profile) expect(forbiddenNames, entry.name).not.toContain(entry.name);
    }
  });

  it("classifies every kernel capability as granted by default or forbidden", () => {
    expect([...defaultNames, ...forbiddenNames].sort()).toEqual([...allCapabilities].sort());
  });

  it("forbids the capabilities behind known escape classes", () => {
    for (const name of [
      "CAP_SYS_ADMIN",
      "CAP_NET_ADMIN",
      "CAP_NET_RAW",
      "CAP_MKNOD",
      "CAP_SYS_MODULE",
      "CAP_SYS_PTRACE",
      "CAP_SYS_TIME",
      "CAP_SYS_BOOT",
      "CAP_BPF",
      "CAP_PERFMON",
      "CAP_DAC_READ_SEARCH",
      "CAP_SYS_RAWIO",
    ] satisfies CapabilityName[]) {
      expect(forbiddenNames, name).toContain(name);
    }
  });

  it("grants nothing in the strict profile", () => {
    expect(capabilityProfiles.strict).toHaveLength(0);
  });
});
