import type { ExpressionFail } from "./if-expression.js";
import type { IfToken } from "./if-token.js";
import { re2ToRegExp } from "./re2-to-regexp.js";
import { patternFlags } from "./slash-pattern.js";

/**
 * Reads the `/pattern/flags` literal at the start of `rest` (which starts with `/`). `\/` is a
 * slash inside the pattern. As in GitLab, the pattern needs at least two characters and flags
 * from i, m, s, U; it must be RE2 syntax.
 */
export function readPatternLiteral(rest: string, column: number, fail: ExpressionFail): IfToken {
  let index = 1;
  let source = "";
  while (index < rest.length && rest[index] !== "/") {
    const char = rest[index] ?? "";
    const next = rest[index + 1] ?? "";
    if (char === "\\" && next !== "") {
      source += next === "/" ? "/" : char + next;
      index += 2;
    } else {
      source += char;
      index++;
    }
  }
  if (index >= rest.length) {
    throw fail(`unterminated regular expression at column ${column}; expected a closing /`);
  }
  const flags = /^\w*/u.exec(rest.slice(index + 1))?.[0] ?? "";
  const text = rest.slice(0, index + 1 + flags.length);
  const badFlag = Array.from(flags).find((flag) => !patternFlags.includes(flag));
  if (badFlag !== undefined) {
    throw fail(
      `unsupported regular expression flag "${badFlag}" in ${text} at column ${column}; GitLab accepts i, m, s and U`,
    );
  }
  if (index - 1 < 2) {
    throw fail(
      `regular expression ${text} at column ${column} is too short; GitLab needs at least two characters between the slashes`,
      "write /a/ as /a+/ or /.*a.*/",
    );
  }
  const translated = re2ToRegExp(source, flags);
  if (!translated.ok) {
    throw fail(
      `regular expression ${text} at column ${column} is not valid RE2: ${translated.reason}`,
      "GitLab uses RE2 syntax (https://github.com/google/re2/wiki/Syntax)",
    );
  }
  return {
    kind: "pattern",
    pattern: { kind: "pattern", source, flags, regexp: translated.regexp },
    column,
    text,
  };
}
