import type { SandboxSizeConfig } from "./runner-config.js";

/** What the runner's host has: CPUs it may use and its memory. */
export interface HostSize {
  readonly cpus: number;
  readonly memoryMiB: number;
}

/** The disk bound of a job when `max_size` sets none (a quota, not the host's free space). */
export const defaultMaxDiskMiB = 51_200;

/**
 * The most one job may get: what `max_size` sets, each other dimension the host's own: all
 * its CPUs; its memory less a reserve for the host and the runner (a tenth, at least 1 GiB,
 * leaving at least 256 MiB); 50 GiB of disk (the host's free space changes while jobs run,
 * so it is no bound to take once).
 */
export function maxSizeOn(
  configured: Partial<SandboxSizeConfig>,
  host: HostSize,
): SandboxSizeConfig {
  const reserve = Math.max(1024, Math.ceil(host.memoryMiB / 10));
  return {
    cpus: configured.cpus ?? Math.max(1, host.cpus),
    memoryMiB: configured.memoryMiB ?? Math.max(256, host.memoryMiB - reserve),
    diskMiB: configured.diskMiB ?? defaultMaxDiskMiB,
  };
}
