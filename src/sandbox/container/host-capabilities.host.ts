import { readFileSync } from "node:fs";
import { capabilitiesByNumber, type CapabilityName } from "./capability-profiles.js";

/**
 * The capabilities in airlock's own bounding set: the most any container can be given on
 * this host (runc fails when asked for more). Only the weak control sandbox asks for all.
 */
export function hostBoundingCapabilities(): CapabilityName[] {
  const match = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
  const mask = BigInt(`0x${match?.[1] ?? "0"}`);
  return capabilitiesByNumber.filter((_name, bit) => ((mask >> BigInt(bit)) & 1n) === 1n);
}
