import { durationJoinWords, durationUnitSeconds, durationUnitWords } from "./duration-units.js";

/** What GitLab's ChronicDuration makes of a text: a length, or why it is not one. */
export type DurationAnalysis =
  | { readonly kind: "duration"; readonly ms: number }
  | { readonly kind: "unknown-word"; readonly word: string }
  | { readonly kind: "zero" };

const numberPattern = /[0-9]*\.?[0-9]+/;
const clockPattern = /^[0-9]+:[0-9]+(:[0-9]+){0,4}(\.[0-9]*)?$/;
const clockUnits = ["seconds", "minutes", "hours", "days", "months", "years"];
const units = new Map(Object.entries(durationUnitWords));
const unitSeconds = new Map(Object.entries(durationUnitSeconds));

/**
 * A port of ChronicDuration.parse as GitLab runs it: lower-cased; `h:m:s` clock text;
 * numbers split from the words around them (`2h20min`); each number multiplied by the unit
 * after it, seconds when none follows; a leading unit counts once (`day` is 1 day).
 * A total of zero is no duration (GitLab rejects `0` and `0s`).
 */
export function analyzeDuration(text: string): DurationAnalysis {
  const words = spaced(clockToWords(text.toLowerCase()))
    .split(/\s+/)
    .filter((w) => w !== "");
  const kept: string[] = [];
  for (const word of words) {
    if (numberPattern.test(word)) {
      kept.push(word);
      continue;
    }
    const stripped = word.replace(/^,/, "").replace(/,$/, "");
    const unit = units.get(stripped);
    if (unit !== undefined) kept.push(unit);
    else if (!durationJoinWords.includes(stripped)) return { kind: "unknown-word", word };
  }
  if (kept[0] !== undefined && units.has(kept[0])) kept.unshift("1");
  let seconds = 0;
  kept.forEach((word, index) => {
    if (!numberPattern.test(word)) return;
    const unit = kept[index + 1] ?? "seconds";
    seconds += Number.parseFloat(word) * (unitSeconds.get(unit) ?? 0);
  });
  return seconds === 0 ? { kind: "zero" } : { kind: "duration", ms: Math.round(seconds * 1000) };
}

/** `1:20:05` is 1 hour 20 minutes 5 seconds; a sixth part is years (weeks are skipped). */
function clockToWords(text: string): string {
  const compact = text.replaceAll(" ", "");
  if (!clockPattern.test(compact)) return text;
  const parts = compact.split(":").reverse();
  return parts
    .map((value, index) => `${value} ${clockUnits[index] ?? "years"}`)
    .reverse()
    .join(" ");
}

function spaced(text: string): string {
  return text
    .replace(/[0-9]*\.?[0-9]+/g, (n) => ` ${n} `)
    .replace(/ +/g, " ")
    .trim();
}
