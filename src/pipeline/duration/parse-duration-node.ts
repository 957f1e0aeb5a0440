import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { analyzeDuration } from "./analyze-duration.js";

export interface DurationLimit {
  readonly ms: number;
  /** As the user would write it, for the message (`1 week`). */
  readonly text: string;
}

export interface DurationOptions {
  /** `artifacts:expire_in` accepts `never` (any case): the result is then Infinity. */
  readonly allowNever?: boolean;
  /** GitLab requires the duration to be strictly less than this. */
  readonly below?: DurationLimit;
}

/** `start_in` (`when: delayed`) must be under one week (GitLab: `duration: { limit: '1 week' }`). */
export const startInLimit: DurationLimit = { ms: 7 * 24 * 3600 * 1000, text: "1 week" };

/**
 * `timeout` must be under Project::MAX_BUILD_TIMEOUT, Rails' `1.month` (2,629,746 s), which
 * GitLab's Entry::Timeout writes as ChronicDuration text.
 */
export const timeoutLimit: DurationLimit = {
  ms: 2_629_746 * 1000,
  text: "1 mo 10 hrs 29 mins 6 secs",
};

const examples = '"30 minutes", "1h 30m", "3 hours 30 minutes" or "2h20min"';

/**
 * A duration keyword (`timeout`, `artifacts:expire_in`, `start_in`): GitLab accepts only a
 * string (an unquoted `60` is a YAML number and fails there too) in ChronicDuration syntax.
 */
export function parseDurationNode(node: RawNode, options: DurationOptions = {}): number {
  const text = node.value;
  if (typeof text !== "string") {
    const fix =
      typeof text === "number"
        ? `write it as text with a unit: "${String(text)} seconds"`
        : undefined;
    throw node.fail(`expected a duration such as ${examples}, got ${describeRaw(text)}`, fix);
  }
  if (options.allowNever === true && text.toLowerCase() === "never") return Infinity;
  const analysis = analyzeDuration(text);
  if (analysis.kind === "unknown-word") {
    throw node.fail(
      `expected a duration such as ${examples}, got ${JSON.stringify(text)}: ${JSON.stringify(analysis.word)} is not a number or a unit`,
      "units are s, sec, m, min, h, hr, d, day, w, week, mo, month, y, year (and their plurals)",
    );
  }
  if (analysis.kind === "zero") {
    throw node.fail(`expected a duration longer than zero, got ${JSON.stringify(text)}`);
  }
  if (options.below !== undefined && analysis.ms >= options.below.ms) {
    throw node.fail(
      `${JSON.stringify(text)} is too long: it must be less than ${options.below.text}`,
    );
  }
  return analysis.ms;
}
