import type { RawNode } from "../raw/raw-node.js";
import { readInteger } from "../raw/read-scalar.js";

const minExitCode = -2147483648;
const maxExitCode = 2147483647;

/** `exit_codes`: a single exit code or a list of them (GitLab accepts both forms). */
export function readExitCodes(node: RawNode): readonly number[] {
  if (!node.isList) return [readInteger(node, minExitCode, maxExitCode)];
  const codes = node
    .items("a list of exit codes")
    .map((item) => readInteger(item, minExitCode, maxExitCode));
  if (codes.length === 0) throw node.fail("expected at least one exit code, got an empty list");
  return codes;
}
