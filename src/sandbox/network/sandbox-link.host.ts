import { readFile, writeFile } from "node:fs/promises";
import { AirlockError } from "../../core/airlock-error.js";
import { runCommand } from "../../core/run-command.host.js";
import { hostIfnameOf, type SandboxAddressing } from "./address-pool.js";
import { pinSetsFor } from "./allowlist-egress.js";
import { compileRuleset, type CompiledRuleset } from "./compile-ruleset.js";
import { startDnsForwarder, type DnsForwarder } from "./dns/dns-forwarder.js";
import type { DnsEndpoint } from "./dns/dns-upstream.js";
import { parseHostResolvers } from "./dns/host-resolvers.js";
import type { NetworkPolicy } from "./network-policy.js";
import { tapWire, vmTapName } from "./tap-wire.js";

/** Pinned DNS answers live at least this long in the allow sets, whatever their TTL. */
const minimumPinSeconds = 60;

export interface SandboxLinkOptions {
  readonly sandboxId: string;
  readonly policy: Exclude<NetworkPolicy, { kind: "none" }>;
  readonly addressing: SandboxAddressing;
  /** Resolvers the DNS forwarder asks; default: the host's /etc/resolv.conf. */
  readonly dnsUpstreams?: readonly DnsEndpoint[];
  readonly onDnsQuery?: (line: string) => void;
}

/**
 * Where the sandbox's end of the veth pair goes. A container: into the network namespace of
 * its init, as eth0 with the sandbox's addresses and routes. A microVM: into the VM's own
 * named netns (`ip netns`, made by the caller), where it is wired by tc to a tap device owned
 * by QEMU's uid; the guest's NIC carries the sandbox's MAC and the guest sets the addresses
 * itself, so frames pass the netns unchanged and meet the same host-side rules.
 */
export type LinkTarget =
  | { readonly kind: "container"; readonly initPid: number }
  | { readonly kind: "vm"; readonly netns: string; readonly tapOwner: number };

/** A sandbox's live link: its rules, veth pair and DNS forwarder. `close` undoes all three. */
export interface SandboxLink {
  readonly ruleset: CompiledRuleset;
  close(): Promise<void>;
}

/**
 * Connects a sandbox's network namespace (see LinkTarget) to the host. In order, so the link
 * is never up without its rules: load the per-sandbox nftables tables; create the veth pair,
 * move one end into the sandbox's namespace, address the host end and set up the sandbox
 * end; start the DNS forwarder on the gateway. On failure everything made is removed again.
 * Precondition: root; the addressing slot is claimed by the caller (and released by it after
 * close()).
 */
export async function connectSandbox(
  options: SandboxLinkOptions,
  target: LinkTarget,
): Promise<SandboxLink> {
  const { addressing, sandboxId } = options;
  const ruleset = compileRuleset({
    policy: options.policy,
    sandboxId,
    addressing,
    hostIfname: addressing.hostIfname,
    resolved: new Map(),
    dnsPort: 53,
  });
  let forwarder: DnsForwarder | undefined;
  const close = async (): Promise<void> => {
    await forwarder?.close();
    await removeSandboxLink(sandboxId, addressing.hostIfname);
  };
  try {
    await nft(ruleset.text);
    await enableForwarding(addressing.ipv6 !== null);
    if (target.kind === "container") {
      await ipBatch([], hostSide(addressing, String(target.initPid)));
      await ipBatch(
        ["nsenter", "--target", String(target.initPid), "--net"],
        sandboxSide(addressing),
      );
    } else {
      const inside = ["ip", "netns", "exec", target.netns];
      await ipBatch([], hostSide(addressing, target.netns));
      await ipBatch(inside, tapSide(addressing, target.tapOwner));
      await tcBatch(inside, tapWire(`${addressing.hostIfname.slice(0, -1)}c`));
    }
    const upstreams =
      options.dnsUpstreams ?? parseHostResolvers(await readFile("/etc/resolv.conf", "utf8"));
    forwarder = await startDnsForwarder({
      listen: { address: addressing.ipv4.gateway, port: 53 },
      upstreams,
      policy:
        options.policy.kind === "internet"
          ? { kind: "internet" }
          : {
              kind: "allowlist",
              names: options.policy.entries.flatMap((e) =>
                e.target.kind === "host" ? [e.target.name] : [],
              ),
            },
      timeoutMs: 3000,
      onQuery: (entry) =>
        options.onDnsQuery?.(
          `${entry.time} ${entry.name} ${entry.type} ${entry.verdict} ${entry.rcode}`,
        ),
      onResolved: async (name, addresses, ttl) => {
        const timeout = `${Math.max(ttl, minimumPinSeconds)}s`;
        for (const sets of pinSetsFor(ruleset.hostSets, name)) {
          const lines = [
            ...addresses.v4.map(
              (a) =>
                `add element inet airlock-${sandboxId} ${sets.ipv4Set} { ${a} timeout ${timeout} }`,
            ),
            ...addresses.v6.map(
              (a) =>
                `add element inet airlock-${sandboxId} ${sets.ipv6Set} { ${a} timeout ${timeout} }`,
            ),
          ];
          if (lines.length > 0) await nft(`${lines.join("\n")}\n`);
        }
      },
    });
    return { ruleset, close };
  } catch (error: unknown) {
    await close();
    throw error;
  }
}

/**
 * Removes a sandbox's veth pair (deleting the host end removes both) and its nftables
 * tables. Idempotent: what is gone already is fine. The DNS forwarder lives in the airlock
 * process that made the sandbox and ends with it.
 */
export async function removeSandboxLink(
  sandboxId: string,
  hostIfname: string | undefined,
): Promise<void> {
  // A missing link is fine (its exit status is ignored); sandboxLinkLeftovers checks after.
  if (hostIfname !== undefined) await runCommand(["ip", "link", "del", "dev", hostIfname]);
  await nft(
    [`inet`, `arp`]
      .map((f) => `table ${f} airlock-${sandboxId}\ndelete table ${f} airlock-${sandboxId}\n`)
      .join(""),
  );
}

/** `netns`: a pid (whose namespace) or the name of an `ip netns`. */
function hostSide(a: SandboxAddressing, netns: string): string[] {
  const peer = `${a.hostIfname.slice(0, -1)}c`;
  return [
    `link add ${a.hostIfname} address ${a.hostMac} type veth peer name ${peer} address ${a.sandboxMac}`,
    `link set ${peer} netns ${netns}`,
    `addr add ${a.ipv4.gateway}/30 dev ${a.hostIfname}`,
    ...(a.ipv6 === null ? [] : [`addr add ${a.ipv6.gateway}/64 dev ${a.hostIfname} nodad`]),
    `link set ${a.hostIfname} up`,
  ];
}

function sandboxSide(a: SandboxAddressing): string[] {
  const peer = `${a.hostIfname.slice(0, -1)}c`;
  return [
    `link set ${peer} name ${a.sandboxIfname}`,
    `addr add ${a.ipv4.sandbox}/30 dev ${a.sandboxIfname}`,
    ...(a.ipv6 === null ? [] : [`addr add ${a.ipv6.sandbox}/64 dev ${a.sandboxIfname} nodad`]),
    `link set ${a.sandboxIfname} up`,
    `route add default via ${a.ipv4.gateway}`,
    ...(a.ipv6 === null ? [] : [`route add default via ${a.ipv6.gateway}`]),
  ];
}

/** In a VM's netns: the veth end and a tap for QEMU (its uid opens it unprivileged), up. */
function tapSide(a: SandboxAddressing, owner: number): string[] {
  const peer = `${a.hostIfname.slice(0, -1)}c`;
  return [
    `tuntap add dev ${vmTapName} mode tap user ${owner} group ${owner}`,
    `link set ${peer} up`,
    `link set ${vmTapName} up`,
  ];
}

async function tcBatch(prefix: readonly string[], lines: readonly string[]): Promise<void> {
  const result = await runCommand([...prefix, "tc", "-batch", "-"], {
    input: `${lines.join("\n")}\n`,
  });
  if (result.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `wiring the microVM's tap device failed: ${result.stderr.trim()}`,
      { fix: "the host kernel needs tc's ingress qdisc, u32 classifier and mirred action" },
    );
  }
}

/** Routing for sandboxes: the host forwards (what NAT and the per-sandbox rules act on). */
async function enableForwarding(ipv6: boolean): Promise<void> {
  await writeFile("/proc/sys/net/ipv4/ip_forward", "1");
  if (ipv6) await writeFile("/proc/sys/net/ipv6/conf/all/forwarding", "1");
}

async function ipBatch(prefix: readonly string[], lines: readonly string[]): Promise<void> {
  const result = await runCommand([...prefix, "ip", "-batch", "-"], {
    input: `${lines.join("\n")}\n`,
  });
  if (result.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `setting up the sandbox's link failed: ${result.stderr.trim()}`,
    );
  }
}

async function nft(text: string): Promise<void> {
  if (text.trim() === "") return;
  const result = await runCommand(["nft", "-f", "-"], { input: text });
  if (result.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `nftables refused the sandbox's rules: ${result.stderr.trim()}`,
      {
        fix: "run `airlock doctor` (nftables must be installed and usable)",
      },
    );
  }
}

/**
 * The sandbox ids of every airlock nftables table on the host (`inet`/`arp airlock-<id>`),
 * for the orphan sweep: a table whose sandbox is gone is a leftover of a killed airlock.
 */
export async function sandboxIdsWithTables(): Promise<string[]> {
  const tables = await runCommand(["nft", "list", "tables"]);
  const ids = new Set<string>();
  for (const line of tables.stdout.split("\n")) {
    const match = /^table (?:inet|arp) airlock-(\S+)$/.exec(line);
    if (match?.[1] !== undefined) ids.add(match[1]);
  }
  return [...ids];
}

/**
 * What of a sandbox's link still exists: its nftables tables and its host-side veth. A
 * sandbox without a network slot never had either. Empty once removeSandboxLink has run.
 */
export async function sandboxLinkLeftovers(
  sandboxId: string,
  slot: number | undefined,
): Promise<string[]> {
  const left: string[] = [];
  if (slot === undefined) return left;
  const tables = await runCommand(["nft", "list", "tables"]);
  for (const family of ["inet", "arp"]) {
    if (tables.stdout.split("\n").includes(`table ${family} airlock-${sandboxId}`)) {
      left.push(`nftables table ${family} airlock-${sandboxId}`);
    }
  }
  // Not via /sys/class/net: sysfs shows the namespace it was mounted in, not necessarily ours.
  const ifname = hostIfnameOf(slot);
  if ((await runCommand(["ip", "-o", "link", "show", "dev", ifname])).exitCode === 0) {
    left.push(`link ${ifname}`);
  }
  return left;
}
