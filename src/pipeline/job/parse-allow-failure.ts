import type { JobSpec } from "../../job/job-spec.js";
import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { checkKeys } from "./check-keys.js";
import { readExitCodes } from "./read-exit-codes.js";

/**
 * `allow_failure`: true/false, or `{exit_codes: n | [n...]}` (allowed to fail only with
 * those codes). When absent the default depends on `when` (true for manual jobs): the
 * caller decides.
 */
export function parseAllowFailure(node: RawNode): JobSpec["allowFailure"] {
  if (typeof node.value === "boolean") return node.value;
  if (!node.isMap) {
    throw node.fail(
      `expected true, false or a map with exit_codes:, got ${describeRaw(node.value)}`,
    );
  }
  checkKeys(node, ["exit_codes"], "allow_failure");
  const codes = node.child("exit_codes");
  if (codes.isMissing) throw node.fail("expected exit_codes: in the allow_failure map");
  return { exitCodes: readExitCodes(codes) };
}
