import type { RawNode } from "../raw/raw-node.js";
import { readString, readStringList } from "../raw/read-scalar.js";

/** Decides `rules:if` of an include; receives the rule (the map holding `if:`). */
export type EvaluateIncludeRule = (ruleNode: RawNode) => boolean;

const RULE_KEYS = new Set(["if", "exists", "when", "changes"]);

/**
 * Whether an include with `rules:` applies, as GitLab decides it: the first rule whose
 * clauses (`if`, `exists`) all hold decides; `when: never` excludes, `when: always` or no
 * `when` includes; when no rule matches the file is not included. `exists` holds when any
 * of its paths or globs matches a file. `changes` cannot be decided offline and throws.
 */
export function includeRulesAllow(
  rules: RawNode,
  evaluateIf: EvaluateIncludeRule | undefined,
  listFiles: (glob: string) => readonly string[],
): boolean {
  if (rules.isMissing) return true;
  for (const rule of rules.items("a list of rules")) {
    for (const key of rule.keys("a rule (a map with if, exists, when)")) {
      if (!RULE_KEYS.has(key))
        throw rule.child(key).fail("unknown include rule key; expected if, exists or when");
    }
    if (!rule.child("changes").isMissing) {
      throw rule
        .child("changes")
        .fail(
          "include:rules:changes is not supported: airlock has no push or merge request to compare with",
        );
    }
    if (matches(rule, evaluateIf, listFiles)) return whenOf(rule.child("when")) !== "never";
  }
  return false;
}

function matches(
  rule: RawNode,
  evaluateIf: EvaluateIncludeRule | undefined,
  listFiles: (glob: string) => readonly string[],
): boolean {
  if (!rule.child("if").isMissing) {
    if (evaluateIf === undefined) {
      throw rule
        .child("if")
        .fail("include:rules:if cannot be evaluated here (no expression evaluator given)");
    }
    if (!evaluateIf(rule)) return false;
  }
  const exists = rule.child("exists");
  if (exists.isMissing) return true;
  const paths = exists.isMap ? exists.child("paths") : exists;
  if (exists.isMap && !exists.child("project").isMissing) {
    throw exists
      .child("project")
      .fail("rules:exists:project needs GitLab; airlock only checks this repository");
  }
  return readStringList(paths, "a path or a list of paths").some(
    (path) => listFiles(path.replace(/^\/+/, "")).length > 0,
  );
}

function whenOf(node: RawNode): string {
  if (node.isMissing) return "always";
  const when = readString(node, "never or always");
  if (when !== "never" && when !== "always")
    throw node.fail(`expected never or always, got "${when}"`);
  return when;
}
