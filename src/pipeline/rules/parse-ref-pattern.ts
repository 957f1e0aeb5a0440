import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";
import type { RefPattern } from "./only-except.js";
import { re2ToRegExp } from "./re2-to-regexp.js";
import { parseSlashPattern } from "./slash-pattern.js";

/**
 * One `refs` item. As in GitLab, the text after the first `@` is a project path matched
 * literally (write `\x40` for an `@` inside a regex), and `/pattern/flags` is an RE2 regex.
 */
export function parseRefPattern(node: RawNode): RefPattern {
  const text = readString(node, "a branch or tag name, a /regex/ or a keyword like branches");
  const at = text.indexOf("@");
  const ref = at < 0 ? text : text.slice(0, at);
  const projectPath = at < 0 ? undefined : text.slice(at + 1);
  const slashed = parseSlashPattern(ref);
  if (slashed === undefined) return { ref, regexp: undefined, projectPath };
  const translated = re2ToRegExp(slashed.source, slashed.flags);
  if (!translated.ok) {
    throw node.fail(
      `regular expression ${ref} is not valid RE2: ${translated.reason}`,
      "GitLab uses RE2 syntax (https://github.com/google/re2/wiki/Syntax)",
    );
  }
  return { ref, regexp: translated.regexp, projectPath };
}
