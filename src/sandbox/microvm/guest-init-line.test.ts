import { describe, expect, it } from "vitest";
import { parseGuestInitLine } from "./guest-init-line.js";

describe("parseGuestInitLine", () => {
  it("reads the ready marker", () => {
    expect(
      parseGuestInitLine(
        "airlock-guest-init: ready 6.1.0-56-cloud-amd64 modules=11/11 virtio-devices=1 virtio-ports=1 root=initramfs\r\n",
      ),
    ).toEqual({
      kind: "ready",
      kernelRelease: "6.1.0-56-cloud-amd64",
      modulesLoaded: 11,
      modulesListed: 11,
      virtioDevices: 1,
      virtioPorts: 1,
      root: "initramfs",
    });
    expect(
      parseGuestInitLine(
        "airlock-guest-init: ready 6.1.0-56-cloud-amd64 modules=12/12 virtio-devices=3 virtio-ports=1 root=image",
      ),
    ).toMatchObject({ root: "image", virtioDevices: 3 });
  });

  it("reads a failure", () => {
    expect(parseGuestInitLine("airlock-guest-init: failed /proc: No such device")).toEqual({
      kind: "failed",
      reason: "/proc: No such device",
    });
  });

  it("ignores kernel messages and module warnings", () => {
    expect(parseGuestInitLine("[    1.2] reboot: Power down")).toBeUndefined();
    expect(
      parseGuestInitLine("airlock-guest-init: module virtio_net.ko: File exists"),
    ).toBeUndefined();
    expect(
      parseGuestInitLine(
        "x airlock-guest-init: ready 6.1 modules=1/1 virtio-devices=0 virtio-ports=0",
      ),
    ).toBeUndefined();
  });
});
