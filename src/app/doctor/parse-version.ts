/**
 * The first version-looking token in a program's `--version` output, e.g. `1.1.5+ds1` from
 * "runc version 1.1.5+ds1" or `1.0.6` from "nftables v1.0.6 (Lester Gooch #5)".
 */
export function parseVersion(output: string): string | undefined {
  const match = /(?:^|[\s(v])(\d+\.\d+(?:\.\d+)*(?:[-+~][\w.+~-]*)?)/.exec(output);
  return match?.[1];
}
