/** How many packages a dpkg status file (/var/lib/dpkg/status) records as installed. */
export function countInstalledPackages(status: string): number {
  return status
    .split(/\n\s*\n/)
    .filter((stanza) => /^Status:\s+install ok installed\s*$/m.test(stanza)).length;
}
