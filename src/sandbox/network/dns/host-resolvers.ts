import { isIP } from "node:net";
import type { DnsEndpoint } from "./dns-upstream.js";

/** glibc reads at most this many `nameserver` lines (MAXNS); the rest are ignored. */
const maxNameservers = 3;

/**
 * The upstream resolvers in a resolv.conf text (pure: the caller reads the file), in file
 * order, port 53: `nameserver` lines with an IPv4 or IPv6 address (an IPv6 `%zone` is
 * kept), comments (`#`, `;`) and anything unparseable skipped, duplicates dropped, at most
 * three as glibc does. With no usable line, glibc's default 127.0.0.1 is returned, so the
 * list is never empty.
 *
 * These addresses are only ever used from the host side: the host's resolver is often on
 * loopback (systemd-resolved's 127.0.0.53) or a private address that the sandbox's network
 * policy forbids, which is why sandboxes ask the forwarder and the forwarder asks these.
 */
export function parseHostResolvers(resolvConf: string): DnsEndpoint[] {
  const upstreams: DnsEndpoint[] = [];
  for (const raw of resolvConf.split("\n")) {
    const [keyword, address] = raw
      .replace(/[#;].*$/, "")
      .trim()
      .split(/\s+/);
    if (keyword !== "nameserver" || address === undefined) continue;
    if (isIP(address) === 0) continue;
    if (upstreams.some((u) => u.address === address)) continue;
    upstreams.push({ address, port: 53 });
    if (upstreams.length === maxNameservers) break;
  }
  return upstreams.length > 0 ? upstreams : [{ address: "127.0.0.1", port: 53 }];
}
