import { describe, expect, it } from "vitest";
import { guestBootFormat, guestBootKey, parseGuestBootMeta } from "./guest-boot-meta.js";

const inputs = {
  kernelPackage: "linux-image-6.1.0-56-cloud-amd64",
  kernelPackageVersion: "6.1.192-2",
  initSha256: "ab".repeat(32),
  modules: ["virtio_pci", "virtio_mmio"],
};

describe("guestBootKey", () => {
  it("is a sha256 that ignores module order", () => {
    const key = guestBootKey(inputs);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(guestBootKey({ ...inputs, modules: ["virtio_mmio", "virtio_pci"] })).toBe(key);
  });

  it("changes with the kernel version and the init", () => {
    const key = guestBootKey(inputs);
    expect(guestBootKey({ ...inputs, kernelPackageVersion: "6.1.192-3" })).not.toBe(key);
    expect(guestBootKey({ ...inputs, initSha256: "cd".repeat(32) })).not.toBe(key);
  });
});

describe("parseGuestBootMeta", () => {
  const meta = {
    ...inputs,
    format: guestBootFormat,
    kernelRelease: "6.1.0-56-cloud-amd64",
    loadOrder: ["virtio", "virtio_pci"],
    builtin: [],
    kernelSha256: "00",
    initramfsSha256: "11",
    createdAt: "2025-01-01T00:00:00.000Z",
  };

  it("accepts a complete record", () => {
    expect(parseGuestBootMeta(JSON.stringify(meta))).toEqual(meta);
  });

  it("rejects other formats, damaged and partial records", () => {
    expect(parseGuestBootMeta(JSON.stringify({ ...meta, format: 0 }))).toBeUndefined();
    expect(parseGuestBootMeta("{")).toBeUndefined();
    expect(parseGuestBootMeta(JSON.stringify({ ...meta, loadOrder: [1] }))).toBeUndefined();
  });
});
