import { startInLimit } from "../duration/parse-duration-node.js";
import { parseDuration } from "../duration/parse-duration.js";
import type { RawNode } from "../raw/raw-node.js";
import { readOneOf } from "./read-one-of.js";
import { readDurationText } from "./read-duration-text.js";

export type JobWhen = "on_success" | "on_failure" | "always" | "manual" | "delayed" | "never";

/** `when` with `start_in` (its text, for the caller to parse) when delayed. */
export type WhenConfig =
  | { readonly when: Exclude<JobWhen, "delayed">; readonly startIn?: never }
  | { readonly when: "delayed"; readonly startIn: string };

const jobWhens: readonly JobWhen[] = ["on_success", "on_failure", "always", "manual", "delayed"];

/**
 * `when` and its `start_in` sibling (either may be missing): default `on_success`;
 * `delayed` needs `start_in`, which is invalid otherwise. `never` is only valid in rules
 * (`inRules`), as GitLab documents.
 */
export function parseWhen(
  whenNode: RawNode,
  startInNode: RawNode,
  options: { readonly inRules?: boolean } = {},
): WhenConfig {
  const allowed = options.inRules === true ? [...jobWhens, "never" as const] : jobWhens;
  if (whenNode.value === "never" && options.inRules !== true) {
    throw whenNode.fail(
      "when: never is only valid in rules; expected one of " + jobWhens.join(", "),
    );
  }
  const when = whenNode.isMissing ? "on_success" : readOneOf(whenNode, allowed);
  if (when === "delayed") {
    if (startInNode.isMissing)
      throw whenNode.fail("when: delayed needs start_in: (e.g. 30 minutes)");
    return { when, startIn: readStartIn(startInNode) };
  }
  if (!startInNode.isMissing) {
    throw startInNode.fail(`start_in: is only valid with when: delayed, got when: ${when}`);
  }
  return { when };
}

/** `start_in` as text: a duration GitLab accepts, under one week (`limit: '1 week'`). */
export function readStartIn(node: RawNode): string {
  const text = readDurationText(node);
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw node.fail(`expected a duration such as "30 minutes", got ${JSON.stringify(text)}`);
  }
  if (ms >= startInLimit.ms) {
    throw node.fail(
      `${JSON.stringify(text)} is too long: start_in must be less than ${startInLimit.text}`,
    );
  }
  return text;
}
