import { describe, it, expect } from "vitest";
import {
  capabilitiesByNumber,
  capabilityProfiles,
  forbiddenCapabilities,
  type CapabilityEntry,
  type CapabilityName,
} from "./capability-profiles.js";

const allCapabilities = capabilitiesByNumber;

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

describe("capabilitiesByNumber", () => {
  it("puts each capability at its kernel bit number", () => {
    expect(capabilitiesByNumber).toHaveLength(41);
    expect(capabilitiesByNumber.indexOf("CAP_CHOWN")).toBe(0);
    expect(capabilitiesByNumber.indexOf("CAP_NET_RAW")).toBe(13);
    expect(capabilitiesByNumber.indexOf("CAP_SYS_ADMIN")).toBe(21);
    expect(capabilitiesByNumber.indexOf("CAP_MKNOD")).toBe(27);
    expect(capabilitiesByNumber.indexOf("CAP_CHECKPOINT_RESTORE")).toBe(40);
    expect(new Set(capabilitiesByNumber).size).toBe(41);
  });
});
