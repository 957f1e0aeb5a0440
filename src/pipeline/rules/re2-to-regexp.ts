import { translateClass } from "./re2-class.js";
import { translateEscape } from "./re2-escape.js";
import { readGroup } from "./re2-group.js";
import { readRepeat } from "./re2-repeat.js";

export type Re2Translation =
  { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly reason: string };

interface Modes {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

type Flag = keyof Modes;
const isFlag = (char: string): char is Flag =>
  char === "i" || char === "m" || char === "s" || char === "U";

/**
 * Translates an RE2 pattern with GitLab flags (`i`, `m`, `s`, `U`, as RE2 reads them) into an
 * equivalent JS RegExp (`u` mode), or says what RE2 does not support (lookaround,
 * backreferences, possessive or doubled repetition, atomic groups, ...). Matching with the
 * result's `test` is RE2's partial match: anywhere unless anchored.
 */
export function re2ToRegExp(pattern: string, flags: string): Re2Translation {
  const modes: Modes = { i: false, m: false, s: false, U: false };
  for (const flag of flags) if (isFlag(flag)) modes[flag] = true;
  const chars = Array.from(pattern);
  let index = readLeadingFlags(chars, modes);
  let out = "";
  let depth = 0;
  let canRepeat = false;
  while (index < chars.length) {
    const char = chars[index] ?? "";
    const repeat = readRepeat(chars, index);
    if (repeat !== undefined) {
      if (!repeat.ok) return repeat;
      if (!canRepeat)
        return { ok: false, reason: `missing argument to repetition operator ${repeat.operator}` };
      let next = repeat.next;
      const lazy = chars[next] === "?";
      if (lazy) next++;
      if (chars[next] === "+" && !lazy) {
        return {
          ok: false,
          reason: `possessive quantifiers (${repeat.operator}+) are not supported by RE2`,
        };
      }
      const again = readRepeat(chars, next);
      if (again?.ok === true) {
        return { ok: false, reason: `bad repetition operator ${repeat.operator}${again.operator}` };
      }
      out += repeat.operator + (lazy !== modes.U ? "?" : "");
      index = next;
      canRepeat = false;
      continue;
    }
    if (char === "\\" || char === "[") {
      const piece =
        char === "\\" ? translateEscape(chars, index, false) : translateClass(chars, index);
      if (!piece.ok) return piece;
      out += piece.text;
      index = piece.next;
      canRepeat = piece.atom;
      continue;
    }
    if (char === "(") {
      const group = readGroup(chars, index);
      if (!group.ok) return group;
      out += group.text;
      index = group.next;
      depth++;
      canRepeat = false;
      continue;
    }
    index++;
    if (char === ")") {
      if (depth === 0) return { ok: false, reason: "unexpected ) without a matching (" };
      depth--;
    }
    out += literal(char, modes);
    canRepeat = !"|^$".includes(char);
  }
  if (depth > 0) return { ok: false, reason: "missing closing )" };
  try {
    return { ok: true, regexp: new RegExp(out, `u${modes.i ? "i" : ""}${modes.m ? "m" : ""}`) };
  } catch (error) {
    return { ok: false, reason: `not a valid regular expression (${(error as Error).message})` };
  }
}

function literal(char: string, modes: Modes): string {
  if (char === ".") return modes.s ? "[\\s\\S]" : "[^\\n]";
  if (char === "{" || char === "}" || char === "]") return `\\${char}`;
  return char;
}

/** RE2 flag groups at the very start, `(?i)` or `(?s-m)`: applied to the whole pattern. */
function readLeadingFlags(chars: readonly string[], modes: Modes): number {
  let index = 0;
  for (;;) {
    const match = /^\(\?([imsU]*)(?:-([imsU]+))?\)/u.exec(chars.slice(index, index + 16).join(""));
    if (match === null || match[0] === "(?)") return index;
    for (const flag of match[1] ?? "") if (isFlag(flag)) modes[flag] = true;
    for (const flag of match[2] ?? "") if (isFlag(flag)) modes[flag] = false;
    index += match[0].length;
  }
}
