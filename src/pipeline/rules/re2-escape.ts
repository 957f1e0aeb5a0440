/** One translated piece of an RE2 pattern, or why it cannot be translated. */
export type Re2Piece =
  | { readonly ok: true; readonly text: string; readonly next: number; readonly atom: boolean }
  | { readonly ok: false; readonly reason: string };

const controls: Readonly<Record<string, number>> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

/** The general categories JS accepts bare in `\p{...}`; any other name is taken as a script. */
const categories = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(
    " ",
  ),
);

const unsupported: Readonly<Record<string, string>> = {
  k: "named backreferences (\\k<name>) are not supported by RE2",
  g: "backreferences (\\g) are not supported by RE2",
  Z: "\\Z is not supported by RE2; use \\z for the end of the text",
  G: "\\G is not supported by RE2",
  K: "\\K is not supported by RE2",
  R: "\\R is not supported by RE2",
  X: "\\X is not supported by RE2",
  h: "\\h is not supported by RE2; use [\\t ]",
  C: "\\C (any byte) is not supported by airlock",
};

/** `\u{...}` for a code point: always valid in a JS `u` RegExp, inside or outside a class. */
export function codePointEscape(codePoint: number): string {
  return `\\u{${codePoint.toString(16)}}`;
}

const isOctal = (char: string | undefined): boolean =>
  char !== undefined && char >= "0" && char <= "7";

/**
 * Translates the RE2 escape whose backslash is at `chars[start]` into JS `u`-mode syntax.
 * `inClass` is true inside `[...]`, where only single characters and classes are allowed.
 * Returns `atom: false` for zero-width assertions (they cannot be repeated).
 */
export function translateEscape(
  chars: readonly string[],
  start: number,
  inClass: boolean,
): Re2Piece {
  const char = chars[start + 1];
  const after = start + 2;
  if (char === undefined) return { ok: false, reason: "trailing backslash at the end" };
  const control = controls[char];
  if (control !== undefined) {
    return { ok: true, text: codePointEscape(control), next: after, atom: true };
  }
  if ("dDwW".includes(char)) return { ok: true, text: `\\${char}`, next: after, atom: true };
  if (char === "s") {
    const body = "\\t\\n\\f\\r ";
    return { ok: true, text: inClass ? body : `[${body}]`, next: after, atom: true };
  }
  if (char === "S")
    return { ok: true, text: inClass ? "\\S" : "[^\\t\\n\\f\\r ]", next: after, atom: true };
  if (!inClass && (char === "b" || char === "B")) {
    return { ok: true, text: `\\${char}`, next: after, atom: false };
  }
  if (!inClass && char === "A")
    return { ok: true, text: "(?<![\\s\\S])", next: after, atom: false };
  if (!inClass && char === "z") return { ok: true, text: "(?![\\s\\S])", next: after, atom: false };
  if (!inClass && char === "Q") return quoted(chars, after);
  if (char >= "0" && char <= "9") return octal(chars, start);
  if (char === "x") return hex(chars, start);
  if (char === "p" || char === "P") return unicodeClass(chars, start, inClass);
  const reason = unsupported[char];
  if (reason !== undefined) return { ok: false, reason };
  if (/^\w$/u.test(char)) {
    return { ok: false, reason: `invalid escape sequence \\${char} (not supported by RE2)` };
  }
  const codePoint = char.codePointAt(0) ?? 0;
  return { ok: true, text: codePointEscape(codePoint), next: after, atom: true };
}

function octal(chars: readonly string[], start: number): Re2Piece {
  const first = chars[start + 1] ?? "";
  if (first === "8" || first === "9" || (first !== "0" && !isOctal(chars[start + 2]))) {
    return { ok: false, reason: `backreferences (\\${first}) are not supported by RE2` };
  }
  let digits = first;
  let index = start + 2;
  while (digits.length < 3 && isOctal(chars[index])) digits += chars[index++] ?? "";
  return { ok: true, text: codePointEscape(parseInt(digits, 8)), next: index, atom: true };
}

function hex(chars: readonly string[], start: number): Re2Piece {
  let index = start + 2;
  let digits = "";
  if (chars[index] === "{") {
    index++;
    while (chars[index] !== undefined && chars[index] !== "}") digits += chars[index++] ?? "";
    index++;
  } else {
    digits = (chars[index] ?? "") + (chars[index + 1] ?? "");
    index += 2;
  }
  const value = /^[0-9a-fA-F]{1,8}$/u.test(digits) ? parseInt(digits, 16) : NaN;
  if (!(value <= 0x10ffff) || (chars[start + 2] !== "{" && digits.length !== 2)) {
    return { ok: false, reason: `invalid hexadecimal escape \\x${digits}` };
  }
  return { ok: true, text: codePointEscape(value), next: index, atom: true };
}

function unicodeClass(chars: readonly string[], start: number, inClass: boolean): Re2Piece {
  let negated = chars[start + 1] === "P";
  let index = start + 2;
  let name = "";
  if (chars[index] === "{") {
    index++;
    while (chars[index] !== undefined && chars[index] !== "}") name += chars[index++] ?? "";
    if (chars[index] === undefined) return { ok: false, reason: "missing } in \\p{...}" };
    index++;
  } else {
    name = chars[index] ?? "";
    index++;
  }
  if (name.startsWith("^")) {
    negated = !negated;
    name = name.slice(1);
  }
  if (name === "") return { ok: false, reason: "empty Unicode class name in \\p" };
  const letter = negated ? "P" : "p";
  if (name === "Any") {
    if (inClass) return { ok: false, reason: "\\p{Any} inside [...] is not supported by airlock" };
    return { ok: true, text: negated ? "[^\\s\\S]" : "[\\s\\S]", next: index, atom: true };
  }
  const property = categories.has(name) ? name : `Script=${name}`;
  return { ok: true, text: `\\${letter}{${property}}`, next: index, atom: true };
}

/** `\Q...\E`: literal text up to `\E` or the end of the pattern. */
function quoted(chars: readonly string[], from: number): Re2Piece {
  let index = from;
  let text = "";
  while (index < chars.length && !(chars[index] === "\\" && chars[index + 1] === "E")) {
    text += codePointEscape((chars[index] ?? "").codePointAt(0) ?? 0);
    index++;
  }
  const next = index < chars.length ? index + 2 : index;
  return { ok: true, text: text === "" ? "(?:)" : `(?:${text})`, next, atom: text !== "" };
}
