/**
 * Runs inside the test's outer network namespace (never on the host's): makes sandboxes
 * with the production backend, runs net-probe.py in them, optionally removes their policy
 * (the negative control), reads their nftables counters, destroys them, and prints one JSON
 * document. It also plays the host: a canary on 0.0.0.0:2222 (the gateway's services) and
 * one on 127.0.0.1:8080 (the host's loopback services).
 * argv[2]: the plan (JSON, see OuterPlan).
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { existsSync, readdirSync } from "node:fs";
import { createSocket } from "node:dgram";
import { createServer, type Server } from "node:net";
import { networkSlotsDir } from "../../../src/sandbox/container/container-paths.js";
import { containerBackend } from "../../../src/sandbox/container/container-backend.js";
import type { NetworkPolicy } from "../../../src/sandbox/network/network-policy.js";
import { makeSandboxSpec, type SandboxSpec } from "../../../src/sandbox/sandbox-spec.js";
import { microvmBackend } from "../../../src/sandbox/microvm/microvm-backend.js";
import type { Sandbox } from "../../../src/sandbox/sandbox.js";

export interface OuterPlan {
  readonly policy: NetworkPolicy;
  /** The backend under test (default container); a microVM runs under TCG where KVM hangs. */
  readonly backend?: "container" | "microvm";
  /** Instead of probing: make and destroy this many networked sandboxes, then list leftovers. */
  readonly churn?: number;
  /**
   * Instead of probing: start this many `airlock sandbox run` processes with the policy, kill
   * them with SIGKILL while their commands run, run `airlock sandbox gc`, list leftovers.
   */
  readonly killed?: number;
  /**
   * Instead of probing: a sandbox that keeps its capabilities and has no seccomp filter (so
   * it can write raw IP packets and Ethernet frames in its own network namespace) sends UDP
   * with a forged source address, then with a forged source MAC, then the same from its
   * true source (the controls); the counters tell which were dropped.
   */
  readonly spoof?: boolean;
  /** Remove the sandboxes' nftables tables before probing: every probe must then succeed. */
  readonly control: boolean;
  readonly probeDir: string;
  readonly dns: { readonly address: string; readonly port: number };
}

export interface ProbeResult {
  readonly id: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface OuterResult {
  readonly probes: readonly ProbeResult[];
  /** After churn: veths, nftables tables and network slots still present (must be none). */
  readonly leftovers?: readonly string[];
  /** The probing sandbox's nftables counters, and the peer sandbox's. */
  readonly counters: Readonly<Record<string, number>>;
  readonly peerCounters: Readonly<Record<string, number>>;
}

const plan = JSON.parse(process.argv[2] ?? "{}") as OuterPlan;
/**
 * The host's services on every address, the gateway's included: ssh, http(s), a database,
 * a Kubernetes API and the original canary on TCP, mDNS-style on UDP. Only the DNS
 * forwarder (53) may answer a sandbox there; the rules' input chain drops every other port
 * alike, and these stand for them.
 */
const gatewayTcpPorts = [22, 80, 443, 2222, 5432, 6443];
const gatewayUdpPort = 5353;
const cli = join(import.meta.dirname, "..", "..", "..", "src", "cli", "main.js");

/**
 * Starts `count` CLI runs, SIGKILLs them once their sandboxes are up, then runs gc. Returns
 * problems that make the run prove nothing: sandboxes that never came up, or a kill that
 * left nothing for gc to remove.
 */
async function killAirlocks(count: number, network: string): Promise<string[]> {
  const children = Array.from({ length: count }, () =>
    spawn(
      "node",
      [
        cli,
        "sandbox",
        "run",
        "--network",
        network,
        "--memory",
        "128m",
        "--disk",
        "64m",
        "--",
        "sleep",
        "120",
      ],
      {
        stdio: "ignore",
      },
    ),
  );
  const up = (): number =>
    existsSync(networkSlotsDir()) ? readdirSync(networkSlotsDir()).length : 0;
  for (let t = 0; t < 600 && up() < count; t++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 1000)); // their links and forwarders come up
  const problems = up() < count ? [`only ${up()} of ${count} sandboxes came up`] : [];
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(
    children.map((c) =>
      c.exitCode === null && c.signalCode === null ? once(c, "exit") : Promise.resolve(),
    ),
  );
  if (linkLeftovers().length === 0) problems.push("the killed runs left nothing for gc to remove");
  // A kill between a teardown's slot release and its table removal leaves a table that no
  // record or slot names: gc must find it by its name alone.
  execFileSync("nft", ["add table inet airlock-0rphan0table; add table arp airlock-0rphan0table"]);
  try {
    execFileSync("node", [cli, "sandbox", "gc"], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error: unknown) {
    problems.push(`sandbox gc failed: ${String((error as { stderr?: unknown }).stderr)}`);
  }
  return problems;
}

/** veths, nftables tables and network slots of airlock's that exist now. */
function linkLeftovers(): string[] {
  const links = execFileSync("ip", ["-o", "link", "show", "type", "veth"], { encoding: "utf8" });
  const tables = execFileSync("nft", ["list", "tables"], { encoding: "utf8" });
  const slots = existsSync(networkSlotsDir()) ? readdirSync(networkSlotsDir()) : [];
  return [
    ...links.split("\n").filter((l) => l.includes("alk")),
    ...tables.split("\n").filter((l) => l.includes("airlock-")),
    ...slots.map((slot) => `network slot ${slot}`),
  ];
}

function canary(port: number, host: string, answer: string): Promise<Server> {
  const server = createServer((socket) => socket.end(`${answer}\n`));
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

async function text(sandbox: Sandbox, argv: string[]): Promise<string> {
  const out: Buffer[] = [];
  await sandbox.exec(argv, {
    // stderr goes to the runner's own stderr, which the test shows: a failing probe explains itself.
    onOutput: (stream, chunk) =>
      stream === "stdout" ? out.push(chunk) : process.stderr.write(chunk),
  });
  return Buffer.concat(out).toString("utf8").trim();
}

/** The sandbox's `arp` table's drop counter. */
function arpDrops(sandboxId: string): number {
  const json = execFileSync(
    "nft",
    ["-j", "list", "counters", "table", "arp", `airlock-${sandboxId}`],
    {
      encoding: "utf8",
    },
  );
  const parsed = JSON.parse(json) as {
    nftables: { counter?: { name: string; packets: number } }[];
  };
  return (
    parsed.nftables.find((item) => item.counter?.name === "drop_spoofed_arp")?.counter?.packets ?? 0
  );
}

function counters(sandboxId: string): Record<string, number> {
  const json = execFileSync(
    "nft",
    ["-j", "list", "counters", "table", "inet", `airlock-${sandboxId}`],
    {
      encoding: "utf8",
    },
  );
  const parsed = JSON.parse(json) as {
    nftables: { counter?: { name: string; packets: number } }[];
  };
  const found: Record<string, number> = {};
  for (const item of parsed.nftables) {
    if (item.counter !== undefined) found[item.counter.name] = item.counter.packets;
  }
  return found;
}

const servers = await Promise.all([
  ...gatewayTcpPorts.map((port) => canary(port, "0.0.0.0", "gateway canary")),
  canary(8080, "127.0.0.1", "loopback canary"),
]);
const udpCanary = createSocket("udp4");
udpCanary.on("message", (_data, from) =>
  udpCanary.send("gateway udp canary", from.port, from.address),
);
await new Promise<void>((resolve) => udpCanary.bind(gatewayUdpPort, "0.0.0.0", resolve));
const vm = plan.backend === "microvm";
const production = vm
  ? microvmBackend({ allowTcg: true, dnsUpstreams: [plan.dns] })
  : containerBackend({ dnsUpstreams: [plan.dns] });
/** The production backend; a microVM shares no host directory, so it gets the probes copied. */
const backend = {
  async create(spec: SandboxSpec): Promise<Sandbox> {
    if (!vm) return production.create(spec);
    const sandbox = await production.create({ ...spec, mounts: [] });
    try {
      await sandbox.copyIn(plan.probeDir, "/probe", { contentsOnly: true });
    } catch (error: unknown) {
      await sandbox.destroy();
      throw error;
    }
    return sandbox;
  },
};
const spec = makeSandboxSpec({
  network: plan.policy,
  size: { cpus: 1, memoryMiB: vm ? 512 : 256, diskMiB: 256, pids: 128 },
  mounts: [{ source: plan.probeDir, destination: "/probe", readonly: true }],
});
let result: OuterResult = { probes: [], counters: {}, peerCounters: {} };
if (plan.spoof === true) {
  // The hardened sandbox cannot forge at all (no CAP_NET_RAW; AF_PACKET is also outside the
  // seccomp allowlist): that is the first layer, probed by the escape battery's raw-socket
  // row. This sandbox keeps its capabilities and drops seccomp, to probe the second layer,
  // the host's anti-spoofing rules.
  await using raw = await backend.create({
    ...spec,
    hardening: { ...spec.hardening, dropCapabilities: false, seccomp: false },
  });
  const own = await text(raw, [
    "sh",
    "-c",
    "ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1",
  ]);
  const before = counters(raw.id);
  await text(raw, [
    "python3",
    "/probe/net-probe.py",
    "--raw",
    "10.213.250.250",
    "203.0.113.10",
    "9",
    "3",
  ]);
  const forged = counters(raw.id);
  await text(raw, ["python3", "/probe/net-probe.py", "--raw", own, "203.0.113.10", "9", "3"]);
  const honest = counters(raw.id);
  const gateway = await text(raw, ["sh", "-c", "ip -4 route show default | cut -d' ' -f3"]);
  const frames = (mac: string): string[] => [
    "python3",
    "/probe/net-probe.py",
    "--frames",
    mac,
    gateway,
    own,
    "203.0.113.10",
    "9",
    "3",
  ];
  await text(raw, frames("02:00:00:00:00:99"));
  const forgedMac = counters(raw.id);
  await text(raw, frames("own"));
  const honestMac = counters(raw.id);
  // ARP: claiming the gateway's address, or our own address at another MAC, is dropped by
  // the sandbox's `arp` table; the true claim passes (its counter does not move).
  const arp = (ip: string, mac: string): string[] => [
    "python3",
    "/probe/net-probe.py",
    "--arp",
    ip,
    mac,
    "3",
  ];
  const arpBefore = arpDrops(raw.id);
  await text(raw, arp(gateway, "own"));
  const arpForgedIp = arpDrops(raw.id);
  await text(raw, arp(own, "02:00:00:00:00:99"));
  const arpForgedMac = arpDrops(raw.id);
  await text(raw, arp(own, "own"));
  const arpHonest = arpDrops(raw.id);
  const delta = (
    after: Record<string, number>,
    from: Record<string, number>,
    name: string,
  ): number => (after[name] ?? 0) - (from[name] ?? 0);
  result = {
    ...result,
    counters: {
      forgedDropped: delta(forged, before, "drop_spoofed"),
      forgedAccepted: delta(forged, before, "accept_internet"),
      honestDropped: delta(honest, forged, "drop_spoofed"),
      honestAccepted: delta(honest, forged, "accept_internet"),
      forgedMacDropped: delta(forgedMac, honest, "drop_spoofed"),
      forgedMacAccepted: delta(forgedMac, honest, "accept_internet"),
      honestMacDropped: delta(honestMac, forgedMac, "drop_spoofed"),
      honestMacAccepted: delta(honestMac, forgedMac, "accept_internet"),
      arpForgedIpDropped: arpForgedIp - arpBefore,
      arpForgedMacDropped: arpForgedMac - arpForgedIp,
      arpHonestDropped: arpHonest - arpForgedMac,
    },
  };
} else if (plan.churn !== undefined || plan.killed !== undefined) {
  for (let i = 0; i < (plan.churn ?? 0); i++) {
    await using sandbox = await backend.create(spec);
    await sandbox.exec(["true"]);
  }
  const problems =
    plan.killed === undefined ? [] : await killAirlocks(plan.killed, plan.policy.kind);
  result = { ...result, leftovers: [...problems, ...linkLeftovers()] };
} else {
  await using sandbox = await backend.create(spec);
  await using peer = await backend.create(spec);
  void peer.exec(["python3", "/probe/net-probe.py", "--serve", "80"]).catch(() => undefined);
  const networked = plan.policy.kind !== "none";
  const gateway = networked
    ? await text(sandbox, ["sh", "-c", "ip -4 route show default | cut -d' ' -f3"])
    : "";
  const peerAddress = networked
    ? await text(peer, ["sh", "-c", "ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1"])
    : "";
  if (plan.control) {
    for (const id of [sandbox.id, peer.id]) {
      execFileSync("nft", ["delete", "table", "inet", `airlock-${id}`]);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // the peer's service starts
  const tcp = (id: string, host: string, port = 80): string => `${id},tcp,${host},${port}`;
  // DNS first: an allowlisted name is pinned into the allow sets when it resolves.
  const probes = [
    "dns-listed,resolve,internet.test,0",
    "dns-unlisted,resolve,meta.test,0",
    `dns-other-resolver,udp-dns,${plan.dns.address},${plan.dns.port}`,
    tcp("internet", "203.0.113.10"),
    tcp("metadata", "169.254.169.254"),
    tcp("metadata-alibaba", "100.100.100.200"),
    tcp("private-10", "10.99.0.1"),
    tcp("private-172", "172.16.5.1"),
    tcp("private-192", "192.168.77.1"),
    tcp("private-cgnat", "100.64.1.1"),
    tcp("internet-v6", "2001:db8:ffff::10"),
    tcp("metadata-v6", "fd00:ec2::254"),
    tcp("private-ula", "fd12::1"),
    ...(networked
      ? [
          ...gatewayTcpPorts.map((port) =>
            tcp(port === 2222 ? "gateway-services" : `gateway-tcp-${String(port)}`, gateway, port),
          ),
          `gateway-udp-${String(gatewayUdpPort)},udp-echo,${gateway},${String(gatewayUdpPort)}`,
          tcp("host-loopback", gateway, 8080),
          tcp("peer", peerAddress),
        ]
      : []),
  ];
  const lines = await text(sandbox, ["python3", "/probe/net-probe.py", ...probes]);
  if (networked && !plan.control) {
    // Broadcast (limited and the sandbox's own /30) and multicast (v4 and ff02::1): no
    // shared link exists to carry them to a peer; the host's input rules drop and count them.
    const own = gateway.replace(/\.\d+$/, (last) => `.${Number(last.slice(1)) + 2}`);
    await text(sandbox, [
      "python3",
      "/probe/net-probe.py",
      "--udp",
      "255.255.255.255",
      own,
      "224.0.0.1",
      "ff02::1",
    ]);
  }
  result = {
    probes: lines
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as ProbeResult),
    counters: networked && !plan.control ? counters(sandbox.id) : {},
    peerCounters: networked && !plan.control ? counters(peer.id) : {},
  };
}
for (const server of servers) server.close();
udpCanary.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
