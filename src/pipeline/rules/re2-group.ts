/** The opening of a group: its JS text, or why RE2 (or airlock) rejects it. */
export type Re2Group =
  | { readonly ok: true; readonly text: string; readonly next: number }
  | { readonly ok: false; readonly reason: string };

const rejected: readonly (readonly [string, string])[] = [
  ["(?=", "lookahead (?=...) is not supported by RE2"],
  ["(?!", "negative lookahead (?!...) is not supported by RE2"],
  ["(?<=", "lookbehind (?<=...) is not supported by RE2"],
  ["(?<!", "negative lookbehind (?<!...) is not supported by RE2"],
  ["(?>", "atomic groups (?>...) are not supported by RE2"],
  ["(?P=", "named backreferences (?P=name) are not supported by RE2"],
  ["(?P>", "recursion (?P>name) is not supported by RE2"],
  ["(?#", "comments (?#...) are not supported by RE2"],
  ["(?|", "branch reset groups (?|...) are not supported by RE2"],
  ["(?(", "conditionals (?(...)...) are not supported by RE2"],
  ["(?R", "recursion (?R) is not supported by RE2"],
  ["(?&", "recursion (?&name) is not supported by RE2"],
];

/** Reads the group opening at `chars[index]` (a `(`). */
export function readGroup(chars: readonly string[], index: number): Re2Group {
  if (chars[index + 1] !== "?") return { ok: true, text: "(", next: index + 1 };
  const rest = chars.slice(index, index + 40).join("");
  if (rest.startsWith("(?:")) return { ok: true, text: "(?:", next: index + 3 };
  const named = /^\(\?P?<(\w+)>/u.exec(rest);
  if (named !== null) {
    return { ok: true, text: `(?<${named[1] ?? ""}>`, next: index + named[0].length };
  }
  for (const [start, reason] of rejected) {
    if (rest.startsWith(start)) return { ok: false, reason };
  }
  if (/^\(\?\d/u.test(rest)) return { ok: false, reason: "recursion (?1) is not supported by RE2" };
  if (/^\(\?[imsU-]+[:)]/u.test(rest)) {
    return {
      ok: false,
      reason:
        "flags inside the pattern, like (?i) after the start or (?i:...), are not supported by airlock",
    };
  }
  return { ok: false, reason: `invalid group ${rest.slice(0, 4)}` };
}
