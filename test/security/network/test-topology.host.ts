/**
 * The network probes' world, made of namespaces this test creates and removes, with no
 * route off the machine:
 *   outer  (airlock runs here: its sandboxes' veths, nftables rules and DNS forwarders)
 *     up0 198.51.100.1/24 and 2001:db8:1::1/64, default routes via the fake internet
 *   inet   (the fake internet, a dead end: no other interface, no route out)
 *     up0 198.51.100.2/24 and 2001:db8:1::2/64; on lo: the "internet" hosts 203.0.113.10
 *     and 2001:db8:ffff::10, cloud metadata 169.254.169.254, 100.100.100.200 and
 *     fd00:ec2::254, private hosts 10.99.0.1, 172.16.5.1, 192.168.77.1, 100.64.1.1 and
 *     fd12::1; HTTP on :80 of all of them; DNS on 198.51.100.2:53
 *     (internet.test, meta.test); a route back to the sandbox pool for the un-NATed control.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { OuterPlan, OuterResult } from "./outer-runner.js";

export interface Topology {
  readonly dns: { readonly address: string; readonly port: number };
  /** Runs outer-runner.js inside the outer namespace with `plan` (dns: the fake internet's). */
  runInOuter(plan: Omit<OuterPlan, "dns"> & { readonly dns?: OuterPlan["dns"] }): OuterResult;
  close(): Promise<void>;
}

const fakeHosts6 = ["2001:db8:ffff::10", "fd00:ec2::254", "fd12::1"];
const fakeHosts = [
  "203.0.113.10",
  "169.254.169.254",
  "100.100.100.200",
  "10.99.0.1",
  "172.16.5.1",
  "192.168.77.1",
  "100.64.1.1",
];

function ip(args: readonly string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "inherit"] });
}

/** `compiled`: where the test tree was compiled (outer-runner.js and fake-internet.js). */
export async function buildTopology(compiled: string): Promise<Topology> {
  const suffix = randomBytes(3).toString("hex");
  const outer = `airlock-t-out-${suffix}`;
  const inet = `airlock-t-net-${suffix}`;
  let internet: ChildProcess | undefined;
  const close = async (): Promise<void> => {
    if (internet?.exitCode === null && internet.signalCode === null) {
      internet.kill("SIGKILL");
      await once(internet, "exit");
    }
    for (const ns of [outer, inet]) {
      try {
        ip(["netns", "del", ns]);
      } catch {
        /* was not made */
      }
    }
  };
  try {
    ip(["netns", "add", outer]);
    ip(["netns", "add", inet]);
    ip(["-n", outer, "link", "add", "up0", "type", "veth", "peer", "name", "up0", "netns", inet]);
    ip(["-n", outer, "link", "set", "lo", "up"]);
    ip(["-n", outer, "addr", "add", "198.51.100.1/24", "dev", "up0"]);
    ip(["-n", outer, "link", "set", "up0", "up"]);
    ip(["-n", outer, "route", "add", "default", "via", "198.51.100.2"]);
    // A resolver address the kernel refuses at once (no packet is sent): a broken host resolver.
    ip(["-n", outer, "route", "add", "unreachable", "192.0.2.0/24"]);
    ip(["-n", outer, "addr", "add", "2001:db8:1::1/64", "dev", "up0", "nodad"]);
    ip(["-n", outer, "-6", "route", "add", "default", "via", "2001:db8:1::2"]);
    ip(["-n", inet, "link", "set", "lo", "up"]);
    ip(["-n", inet, "addr", "add", "198.51.100.2/24", "dev", "up0"]);
    ip(["-n", inet, "link", "set", "up0", "up"]);
    for (const host of fakeHosts) ip(["-n", inet, "addr", "add", `${host}/32`, "dev", "lo"]);
    for (const host of fakeHosts6) ip(["-n", inet, "addr", "add", `${host}/128`, "dev", "lo"]);
    ip(["-n", inet, "addr", "add", "2001:db8:1::2/64", "dev", "up0", "nodad"]);
    ip(["-n", inet, "route", "add", "10.213.0.0/16", "via", "198.51.100.1"]);
    ip(["-n", inet, "-6", "route", "add", "fd61:6972:6c6b::/48", "via", "2001:db8:1::1"]);
    internet = spawn(
      "ip",
      [
        "netns",
        "exec",
        inet,
        "node",
        join(compiled, "test/security/network/fake-internet.js"),
        "198.51.100.2",
        JSON.stringify({ "internet.test": "203.0.113.10", "meta.test": "169.254.169.254" }),
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    const [ready] = (await once(internet.stdout ?? internet, "data")) as [Buffer];
    if (!ready.toString().includes("ready")) throw new Error("the fake internet did not start");
  } catch (error: unknown) {
    await close();
    throw error;
  }
  const dns = { address: "198.51.100.2", port: 53 };
  return {
    dns,
    runInOuter(plan) {
      const runner = join(compiled, "test/security/network/outer-runner.js");
      const out = execFileSync(
        "nsenter",
        [`--net=/run/netns/${outer}`, "node", runner, JSON.stringify({ dns, ...plan })],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "inherit"],
          timeout: 300_000,
        },
      );
      return JSON.parse(out.trim().split("\n").pop() ?? "{}") as OuterResult;
    },
    close,
  };
}
