/**
 * The network probes of docs/escape-battery.md, per policy, in a world of the test's own
 * namespaces with no route off the machine (test-topology.host.ts). Each policy runs twice:
 * as is (the probes must be blocked exactly as the battery says, the drop counters must
 * rise) and with the sandboxes' nftables tables removed (the negative control: the same
 * probes must then succeed, so they can see).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NetworkPolicy } from "../../../src/sandbox/network/network-policy.js";
import { parseNetworkPolicy } from "../../../src/sandbox/network/parse-network-policy.js";
import {
  missingMicrovmFeature,
  missingRootFeature,
  reportSkip,
} from "../../support/host-features.js";
import type { OuterResult } from "./outer-runner.js";
import { ensureGuestBootFiles } from "../../../src/image/guest/ensure-guest-boot-files.host.js";
import { ensureRootDisk } from "../../../src/image/ensure-root-disk.host.js";
import { resolveImage } from "../../../src/image/image-store.js";
import { buildTopology, type Topology } from "./test-topology.host.js";

const skip = missingRootFeature();
const backends = ["container", "microvm"] as const;

/** Why a backend cannot run here (the microVM needs QEMU; TCG where KVM hangs). */
function backendSkip(backend: (typeof backends)[number]): string | undefined {
  return backend === "container" ? undefined : missingMicrovmFeature();
}
for (const backend of backends) {
  const why = backendSkip(backend);
  if (why !== undefined) console.warn(`SKIP network probes on ${backend}: ${why}`);
}
reportSkip("network probes", skip);
const repo = join(import.meta.dirname, "..", "..", "..");

type Expect = Readonly<Record<string, boolean>>;
const blockedEverywhere = {
  metadata: false,
  "metadata-alibaba": false,
  "private-10": false,
  "private-172": false,
  "private-192": false,
  "private-cgnat": false,
  "metadata-v6": false,
  "private-ula": false,
};

let compiled: string;
let topology: Topology;

function outcomes(result: OuterResult): Record<string, boolean> {
  return Object.fromEntries(result.probes.map((p) => [p.id, p.ok]));
}

function run(
  policy: NetworkPolicy,
  control: boolean,
  backend: "container" | "microvm" = "container",
): OuterResult {
  return topology.runInOuter({
    policy,
    control,
    backend,
    probeDir: join(repo, "test/security/network"),
  });
}

/** Every host service on the gateway address but the DNS forwarder: always dropped. */
const gatewayServices: Expect = {
  "gateway-services": false,
  "gateway-tcp-22": false,
  "gateway-tcp-80": false,
  "gateway-tcp-443": false,
  "gateway-tcp-5432": false,
  "gateway-tcp-6443": false,
  "gateway-udp-5353": false,
};

describe.skipIf(skip !== undefined)("network probes", () => {
  beforeAll(async () => {
    compiled = mkdtempSync(join(tmpdir(), "airlock-nettest-"));
    execFileSync("npx", ["tsc", "-p", "tsconfig.json", "--outDir", compiled], {
      cwd: repo,
      stdio: "inherit",
    });
    symlinkSync(join(repo, "native"), join(compiled, "native"));
    symlinkSync(join(repo, "node_modules"), join(compiled, "node_modules")); // for the CLI's
    topology = await buildTopology(compiled);
    // Built here, on the host's network: the test's namespaces have no route to the mirror.
    if (backendSkip("microvm") === undefined) {
      await ensureRootDisk(await resolveImage("default"));
      await ensureGuestBootFiles();
    }
  });
  afterAll(async () => {
    await topology.close();
    rmSync(compiled, { recursive: true, force: true });
  });

  // The same probes and expectations for every backend: a microVM's tap is wired to the same
  // veth and meets the same host-side tables as a container's eth0.
  for (const backend of backends) {
    describe.skipIf(backendSkip(backend) !== undefined)(backend, () => {
      it("internet: the internet is reachable; metadata, private ranges, the host and peers are dropped", () => {
        const result = run({ kind: "internet" }, false, backend);
        const expected: Expect = {
          "dns-listed": true,
          "dns-unlisted": true,
          "dns-other-resolver": false,
          internet: true,
          "internet-v6": true,
          ...blockedEverywhere,
          ...gatewayServices,
          "host-loopback": false,
          peer: false,
        };
        expect(outcomes(result)).toEqual(expected);
        for (const counter of [
          "drop_metadata",
          "drop_private_10",
          "drop_host",
          "drop_foreign_dns",
        ]) {
          expect(result.counters[counter], counter).toBeGreaterThan(0);
        }
        expect(result.counters["accept_internet"]).toBeGreaterThan(0);
        // Broadcast and multicast from the sandbox end at the host, counted.
        expect(result.counters["drop_broadcast"]).toBeGreaterThanOrEqual(2);
        expect(result.counters["drop_multicast"]).toBeGreaterThanOrEqual(2);
        // Both sandboxes' tables guard the path: the sender's egress or the peer's inbound drop
        // (whichever table the kernel evaluates first) counts it.
        const peerDrops =
          (result.counters["drop_peers"] ?? 0) + (result.peerCounters["drop_inbound"] ?? 0);
        expect(peerDrops).toBeGreaterThan(0);
        // Nothing forbidden was accepted: the only accepts are DNS to the gateway and the two
        // internet connections (IPv4 and IPv6).
        expect(result.counters["accept_internet"]).toBe(2);
      });

      it("allowlist: only the listed name resolves and only it is reachable", () => {
        const result = run(parseNetworkPolicy("allowlist", "internet.test:80"), false, backend);
        const expected: Expect = {
          "dns-listed": true,
          "dns-unlisted": false,
          "dns-other-resolver": false,
          internet: true,
          "internet-v6": false,
          ...blockedEverywhere,
          ...gatewayServices,
          "host-loopback": false,
          peer: false,
        };
        expect(outcomes(result)).toEqual(expected);
        expect(result.counters["drop_metadata"]).toBeGreaterThan(0);
      });

      it("none: nothing is reachable and nothing resolves", () => {
        const result = run({ kind: "none" }, false, backend);
        expect(Object.values(outcomes(result)).every((ok) => !ok)).toBe(true);
        expect(result.probes.length).toBeGreaterThan(5);
      });

      it("spoofing: forged source addresses, MACs and ARP claims are dropped; the same from the true source pass", () => {
        const result = topology.runInOuter({
          policy: { kind: "internet" },
          control: false,
          spoof: true,
          backend,
          probeDir: join(repo, "test/security/network"),
        });
        expect(result.counters).toEqual({
          forgedDropped: 3,
          forgedAccepted: 0,
          honestDropped: 0,
          honestAccepted: 3, // unanswered UDP stays "new" to conntrack: each packet is counted
          forgedMacDropped: 3,
          forgedMacAccepted: 0,
          honestMacDropped: 0,
          honestMacAccepted: 3,
          arpForgedIpDropped: 3,
          arpForgedMacDropped: 3,
          arpHonestDropped: 0,
        });
      });

      it("control: with the policy removed every probe but host-loopback succeeds", () => {
        const result = run({ kind: "internet" }, true, backend);
        const { "host-loopback": loopback, ...rest } = outcomes(result);
        // The host's 127/8 stays unreachable without any rule: the kernel drops martian
        // destinations unless route_localnet is on, which airlock never sets.
        expect(loopback).toBe(false);
        expect(Object.entries(rest).filter(([, ok]) => !ok)).toEqual([]);
      });
    });
  }

  it("200 networked sandboxes made and destroyed leave no veth, nftables table or slot", () => {
    const result = topology.runInOuter({
      policy: { kind: "internet" },
      control: false,
      churn: 200,
      probeDir: join(repo, "test/security/network"),
    });
    expect(result.leftovers).toEqual([]);
  });

  it("airlock processes killed while their networked sandboxes run leave nothing after gc", () => {
    const result = topology.runInOuter({
      policy: { kind: "internet" },
      control: false,
      killed: 5,
      probeDir: join(repo, "test/security/network"),
    });
    expect(result.leftovers).toEqual([]);
  });

  it("an unreachable host resolver answers SERVFAIL and never takes airlock down", () => {
    const result = topology.runInOuter({
      policy: { kind: "internet" },
      control: false,
      probeDir: join(repo, "test/security/network"),
      dns: { address: "192.0.2.53", port: 53 },
    });
    const ok = outcomes(result);
    expect(ok["dns-listed"]).toBe(false);
    expect(ok["internet"]).toBe(true);
  });
});
