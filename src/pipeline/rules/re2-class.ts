import { codePointEscape, translateEscape, type Re2Piece } from "./re2-escape.js";

const posixClasses: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7f",
  blank: "\\t ",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** One class member: a single code point (which may start a range) or a fixed JS text. */
type Member =
  | {
      readonly ok: true;
      readonly codePoint: number | undefined;
      readonly text: string;
      readonly next: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Translates the RE2 bracket class starting at `chars[start]` (`[`) into a JS `u`-mode
 * class. RE2 takes a `]` right after `[` or `[^` literally, and POSIX `[:name:]` classes.
 */
export function translateClass(chars: readonly string[], start: number): Re2Piece {
  let index = start + 1;
  let text = "[";
  if (chars[index] === "^") {
    text += "^";
    index++;
  }
  let first = true;
  for (;;) {
    const char = chars[index];
    if (char === undefined) return { ok: false, reason: "missing closing ] in a character class" };
    if (char === "]" && !first) return { ok: true, text: `${text}]`, next: index + 1, atom: true };
    first = false;
    const low = member(chars, index);
    if (!low.ok) return low;
    index = low.next;
    if (chars[index] === "-" && chars[index + 1] !== "]" && chars[index + 1] !== undefined) {
      const high = member(chars, index + 1);
      if (!high.ok) return high;
      if (low.codePoint === undefined || high.codePoint === undefined) {
        return { ok: false, reason: "a range in a character class must be between two characters" };
      }
      if (low.codePoint > high.codePoint) {
        return { ok: false, reason: `bad character class range ${low.text}-${high.text}` };
      }
      text += `${low.text}-${high.text}`;
      index = high.next;
    } else {
      text += low.text;
    }
  }
}

function member(chars: readonly string[], index: number): Member {
  const char = chars[index] ?? "";
  if (char === "[" && chars[index + 1] === ":") return posix(chars, index);
  if (char === "\\") {
    const escape = translateEscape(chars, index, true);
    if (!escape.ok) return escape;
    const single = /^\\u\{([0-9a-f]+)\}$/u.exec(escape.text);
    const codePoint = single?.[1] === undefined ? undefined : parseInt(single[1], 16);
    return { ok: true, codePoint, text: escape.text, next: escape.next };
  }
  const codePoint = char.codePointAt(0) ?? 0;
  return { ok: true, codePoint, text: codePointEscape(codePoint), next: index + 1 };
}

function posix(chars: readonly string[], index: number): Member {
  const rest = chars.slice(index, index + 12).join("");
  const match = /^\[:(\^?)([a-z]+):\]/u.exec(rest);
  if (match === null) {
    const codePoint = "[".codePointAt(0) ?? 0;
    return { ok: true, codePoint, text: codePointEscape(codePoint), next: index + 1 };
  }
  const [whole, negated, name] = match;
  const body = posixClasses[name ?? ""];
  if (body === undefined) return { ok: false, reason: `invalid character class [:${name ?? ""}:]` };
  if (negated === "^") {
    return {
      ok: false,
      reason: `negated POSIX classes like [:^${name ?? ""}:] are not supported by airlock`,
    };
  }
  return { ok: true, codePoint: undefined, text: body, next: index + whole.length };
}
