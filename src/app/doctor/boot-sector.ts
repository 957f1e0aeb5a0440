/** The I/O port of QEMU's `isa-debug-exit` device the test guest writes to. */
export const debugExitPort = 0xf4;
/** The byte the test guest writes; it proves our code ran, not just firmware. */
export const guestExitByte = 0x31;
/** isa-debug-exit ends QEMU with status (value << 1) | 1: 99 for 0x31. */
export const guestExitStatus = (guestExitByte << 1) | 1;

/**
 * A 512-byte x86 boot sector (loaded by the BIOS at 0000:7c00, real mode) that writes
 * `guestExitByte` to `debugExitPort`, which makes QEMU exit at once. Should the write not end
 * QEMU, it halts forever.
 */
export function bootSector(): Uint8Array {
  // prettier-ignore
  const code = [
    0xb0, guestExitByte, // mov al, 0x31
    0xe6, debugExitPort, // out 0xf4, al
    0xfa,                // cli
    0xf4,                // hlt
    0xeb, 0xfc,          // jmp short -4 (back to cli)
  ];
  const sector = new Uint8Array(512);
  sector.set(code, 0);
  sector.set([0x55, 0xaa], 510); // boot signature
  return sector;
}
