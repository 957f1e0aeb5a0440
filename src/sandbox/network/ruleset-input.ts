import { AirlockError } from "../../core/airlock-error.js";
import type { SandboxAddressing } from "./address-pool.js";
import { parseCidr } from "./cidr.js";
import { parseIpAddress } from "./ip-address.js";
import type { NetworkPolicy } from "./network-policy.js";

/** What compileRuleset needs to know about one sandbox. */
export interface RulesetInput {
  readonly policy: NetworkPolicy;
  /** Names the tables: `airlock-<sandboxId>`. */
  readonly sandboxId: string;
  readonly addressing: SandboxAddressing;
  /** The host side of the sandbox's link: its veth (`addressing.hostIfname`) or a VM's tap. */
  readonly hostIfname: string;
  /**
   * Addresses already known for allowlisted host names (keyed by the entry's name, `*.`
   * wildcards included); the DNS forwarder pins more into the same sets at run time.
   */
  readonly resolved: ReadonlyMap<string, readonly string[]>;
  /** The port the DNS forwarder listens on at the gateway addresses (53). */
  readonly dnsPort: number;
}

function bug(message: string): AirlockError {
  return new AirlockError("AIRLOCK_E_INTERNAL", `compileRuleset: ${message}`);
}

/**
 * Refuses input that could not come from airlock's own code and that could otherwise
 * break out of its place in the ruleset text: AIRLOCK_E_INTERNAL.
 */
export function checkRulesetInput(input: RulesetInput): void {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(input.sandboxId)) {
    throw bug(`sandbox id "${input.sandboxId}" cannot name an nftables table`);
  }
  if (!/^[a-zA-Z0-9_.-]{1,15}$/.test(input.hostIfname)) {
    throw bug(`"${input.hostIfname}" is not an interface name`);
  }
  if (!Number.isInteger(input.dnsPort) || input.dnsPort < 1 || input.dnsPort > 65535) {
    throw bug(`DNS port ${input.dnsPort} is not a port`);
  }
  const { ipv4, ipv6, sandboxMac } = input.addressing;
  const addresses = [ipv4.gateway, ipv4.sandbox, ipv4.broadcast];
  if (ipv6 !== null) addresses.push(ipv6.gateway, ipv6.sandbox, ipv6.sandboxLinkLocal);
  for (const address of addresses) {
    if (parseIpAddress(address) === undefined) throw bug(`"${address}" is not an address`);
  }
  const { pool } = input.addressing;
  for (const network of [pool.ipv4, ...(pool.ipv6 === null ? [] : [pool.ipv6])]) {
    if (!parseCidr(network).ok) throw bug(`"${network}" is not a CIDR`);
  }
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(sandboxMac)) {
    throw bug(`"${sandboxMac}" is not a MAC address`);
  }
}
