import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";

/**
 * `coverage`: an RE2 regular expression written between slashes (`/Coverage: \d+%/`),
 * returned as written; matching job logs against it is the caller's.
 */
export function parseCoverage(node: RawNode): string {
  const text = readString(node, "a regular expression between slashes such as /Coverage: \\d+%/");
  if (text.length < 3 || !text.startsWith("/") || !text.endsWith("/")) {
    throw node.fail(
      `expected a regular expression that starts and ends with /, got ${JSON.stringify(text)}`,
    );
  }
  return text;
}
