// Validates compiled rulesets with the real nftables parser and kernel, without applying
// them: `nft -c` sends the batch to the kernel but never commits it, so the host's ruleset is
// untouched (the test checks `nft list ruleset` before and after). Needs root, because even
// a check talks to netfilter; it skips with the reason otherwise.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { runCommand } from "../../core/run-command.host.js";
import { defaultAddressPool, sandboxAddressing } from "./address-pool.js";
import { compileRuleset, type RulesetInput } from "./compile-ruleset.js";
import { parseNetworkPolicy } from "./parse-network-policy.js";

const isRoot = process.geteuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), "airlock-nft-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function skipUnlessUsable(ctx: TestContext): Promise<void> {
  if (!isRoot) {
    const reason = "needs root: `nft -c` validates against the kernel's netfilter";
    console.warn(`skipped: ${reason}`);
    ctx.skip(reason);
  }
  const version = await runCommand(["nft", "--version"]).catch(() => undefined);
  if (version?.exitCode !== 0) {
    const reason = "nft is not installed (apt-get install nftables)";
    console.warn(`skipped: ${reason}`);
    ctx.skip(reason);
  }
}

/** `nft -c -f <file>` on `text`: exit code and what nft said. */
async function check(
  name: string,
  text: string,
): Promise<{ exitCode: number | null; stderr: string }> {
  const file = join(dir, `${name}.nft`);
  writeFileSync(file, text);
  const { exitCode, stderr } = await runCommand(["nft", "-c", "-f", file]);
  return { exitCode, stderr };
}

const addressing = sandboxAddressing(defaultAddressPool, 5);
const base: Omit<RulesetInput, "policy"> = {
  sandboxId: "abc123def456",
  addressing,
  hostIfname: addressing.hostIfname,
  resolved: new Map([
    ["example.com", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]],
    ["registry.npmjs.org", ["104.16.0.1"]],
  ]),
  dnsPort: 53,
};
const cases: Record<string, RulesetInput> = {
  internet: { ...base, policy: { kind: "internet" } },
  "internet-without-ipv6": {
    ...base,
    policy: { kind: "internet" },
    addressing: sandboxAddressing({ ...defaultAddressPool, ipv6: null }, 5),
  },
  allowlist: {
    ...base,
    policy: parseNetworkPolicy(
      "allowlist",
      "example.com:443,10.1.2.0/24,[2001:db8::1]:53/udp,registry.npmjs.org,0.0.0.0/0:22/tcp,*.example.org:80+8000-8100/tcp,[fd12::/16]:8080/udp",
    ),
  },
  "allowlist-cidrs-only": { ...base, policy: parseNetworkPolicy("allowlist", "192.0.2.0/24:443") },
};

describe("compiled rulesets pass `nft -c` (check only, nothing applied)", () => {
  it.for(Object.keys(cases))("%s", async (name, ctx) => {
    await skipUnlessUsable(ctx);
    const input = cases[name];
    if (input === undefined) throw new Error(name);
    const compiled = compileRuleset(input);
    const before = await runCommand(["nft", "list", "ruleset"]);
    // Twice in one batch: the second copy replaces the first, as a re-apply would.
    const applied = await check(name, compiled.text + compiled.text);
    expect(applied.stderr).toBe("");
    expect(applied.exitCode).toBe(0);
    const teardown = await check(`${name}-teardown`, compiled.teardownText);
    expect(teardown.stderr).toBe("");
    expect(teardown.exitCode).toBe(0);
    const after = await runCommand(["nft", "list", "ruleset"]);
    expect(after.stdout).toBe(before.stdout);
  });

  it("rejects a broken ruleset (the check is not vacuous)", async (ctx) => {
    await skipUnlessUsable(ctx);
    const broken =
      "table inet airlock-broken {\n\tchain c {\n\t\tip daddr 10.0.0.300 drop\n\t}\n}\n";
    const result = await check("broken", broken);
    expect(result.exitCode).not.toBe(0);
    const missing = await check("missing", "delete table inet airlock-never-created-here\n");
    expect(missing.exitCode).not.toBe(0);
  });
});
