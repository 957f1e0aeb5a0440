/**
 * The host's TSC rate in kHz from /proc/cpuinfo text: the first `cpu MHz` line, which is
 * the TSC rate on hosts whose CPU runs at a fixed clock (virtual machines such as these).
 * On a bare-metal host with frequency scaling it is the current clock instead, so a TCG
 * guest's clock may run somewhat fast or slow; it still boots. Undefined when absent.
 */
export function tscKhzFromCpuinfo(cpuinfo: string): number | undefined {
  const mhz = /^cpu MHz\s*:\s*([0-9]+(?:\.[0-9]+)?)\s*$/m.exec(cpuinfo)?.[1];
  if (mhz === undefined) return undefined;
  const khz = Math.round(Number(mhz) * 1000);
  return khz > 0 ? khz : undefined;
}
