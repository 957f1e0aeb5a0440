import { readFileSync } from "node:fs";

/**
 * Whether this network namespace has an IPv6 default route (a line of /proc/net/ipv6_route
 * with an all-zero destination of prefix length 0 on an interface other than lo). Without
 * one, sandboxes get IPv4 only and all their IPv6 is dropped.
 */
export function hostHasIpv6DefaultRoute(): boolean {
  let table: string;
  try {
    table = readFileSync("/proc/net/ipv6_route", "utf8");
  } catch {
    return false;
  }
  return table.split("\n").some((line) => {
    const fields = line.trim().split(/\s+/);
    return (
      fields[0] === "0".repeat(32) &&
      fields[1] === "00" &&
      fields[9] !== undefined &&
      fields[9] !== "lo"
    );
  });
}
