/** A repetition operator read at some index: `*`, `+`, `?` or a valid `{n}`, `{n,}`, `{n,m}`. */
export type Re2Repeat =
  | { readonly ok: true; readonly operator: string; readonly next: number }
  | { readonly ok: false; readonly reason: string };

/** RE2's limit on counted repetition. */
const maxRepeat = 1000;

/**
 * The repetition operator at `chars[index]`, or undefined when there is none there (a `{`
 * that does not form a valid count is a literal in RE2).
 */
export function readRepeat(chars: readonly string[], index: number): Re2Repeat | undefined {
  const char = chars[index];
  if (char === "*" || char === "+" || char === "?")
    return { ok: true, operator: char, next: index + 1 };
  if (char !== "{") return undefined;
  const rest = chars.slice(index, index + 24).join("");
  const match = /^\{(\d+)(,(\d*))?\}/u.exec(rest);
  if (match === null) return undefined;
  const [whole, min, comma, max] = match;
  const low = Number(min);
  const high = max === undefined || max === "" ? undefined : Number(max);
  if (low > maxRepeat || (high !== undefined && (high > maxRepeat || high < low))) {
    return {
      ok: false,
      reason: `bad repetition operator ${whole} (RE2 allows counts up to ${maxRepeat})`,
    };
  }
  const operator = comma === undefined ? `{${low}}` : `{${low},${high ?? ""}}`;
  return { ok: true, operator, next: index + whole.length };
}
