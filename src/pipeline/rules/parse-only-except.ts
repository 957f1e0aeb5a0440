import type { RawNode } from "../raw/raw-node.js";
import { readString, readStringList } from "../raw/read-scalar.js";
import type { OnlyExceptPolicy, RefPattern } from "./only-except.js";
import { parseIf } from "./parse-if.js";
import { parseRefPattern } from "./parse-ref-pattern.js";

const policyKeys = ["refs", "variables", "changes", "kubernetes"];

const defaultOnlyRefs: readonly RefPattern[] = ["branches", "tags"].map((ref) => ({
  ref,
  regexp: undefined,
  projectPath: undefined,
}));

/**
 * `only:` or `except:` (per `which`): a list of refs, or a map of refs, variables, changes
 * and kubernetes. A missing `only` (or one without refs) means refs `branches, tags`, as in
 * GitLab; a missing `except` is undefined.
 */
export function parseOnlyExcept(
  node: RawNode,
  which: "only" | "except",
): OnlyExceptPolicy | undefined {
  const defaultRefs = which === "only" ? defaultOnlyRefs : undefined;
  if (node.isMissing) {
    return (
      defaultRefs && {
        refs: defaultRefs,
        variables: undefined,
        changes: undefined,
        kubernetes: undefined,
      }
    );
  }
  if (node.isList) {
    return {
      refs: node.items().map(parseRefPattern),
      variables: undefined,
      changes: undefined,
      kubernetes: undefined,
    };
  }
  const keys = node.keys("a list of refs or a map with refs, variables, changes, kubernetes");
  const unknown = keys.find((key) => !policyKeys.includes(key));
  if (unknown !== undefined) {
    throw node.fail(`unknown key "${unknown}" in ${which}; allowed keys: ${policyKeys.join(", ")}`);
  }
  if (keys.length === 0) throw node.fail(`${which} needs at least one of ${policyKeys.join(", ")}`);
  const refs = node.child("refs");
  const variables = node.child("variables");
  const changes = node.child("changes");
  const kubernetes = node.child("kubernetes");
  if (!kubernetes.isMissing && readString(kubernetes, "active") !== "active") {
    throw kubernetes.fail(`expected active, got ${JSON.stringify(kubernetes.value)}`);
  }
  return {
    refs: refs.isMissing ? defaultRefs : refs.items("a list of refs").map(parseRefPattern),
    variables: variables.isMissing
      ? undefined
      : variables.items("a list of expressions").map(parseIf),
    changes: changes.isMissing
      ? undefined
      : readStringList(changes, "a list of file paths or globs"),
    kubernetes: kubernetes.isMissing ? undefined : "active",
  };
}
