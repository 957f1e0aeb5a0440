import { describe, expect, it } from "vitest";
import { bootSector, guestExitStatus } from "./boot-sector.js";

describe("bootSector", () => {
  it("is one 512-byte sector with the boot signature", () => {
    const sector = bootSector();
    expect(sector.length).toBe(512);
    expect([sector[510], sector[511]]).toEqual([0x55, 0xaa]);
  });

  it("starts with mov al,0x31; out 0xf4,al; cli; hlt; jmp back to cli", () => {
    expect([...bootSector().subarray(0, 8)]).toEqual([
      0xb0, 0x31, 0xe6, 0xf4, 0xfa, 0xf4, 0xeb, 0xfc,
    ]);
  });

  it("pads the rest with zeros", () => {
    expect(
      bootSector()
        .subarray(8, 510)
        .every((byte) => byte === 0),
    ).toBe(true);
  });

  it("makes isa-debug-exit end QEMU with status 99", () => {
    expect(guestExitStatus).toBe(99);
  });
});
