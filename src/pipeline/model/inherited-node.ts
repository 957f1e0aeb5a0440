import type { DefaultKeyword } from "../job/job-keywords.js";
import type { InheritConfig } from "../job/parse-inherit.js";
import type { RawNode } from "../raw/raw-node.js";

/**
 * The node a job uses for a `default:`-able keyword: its own when it sets the key, else
 * `default:`'s unless `inherit:default` is false or a list without the key. GitLab does not
 * merge the two: a job's `image:` replaces the default's whole.
 */
export function inheritedNode(
  job: RawNode,
  defaultFor: (key: DefaultKeyword) => RawNode,
  key: DefaultKeyword,
  inherit: InheritConfig,
): RawNode {
  const own = job.child(key);
  if (!own.isMissing) return own;
  const inherits =
    typeof inherit.default === "boolean" ? inherit.default : inherit.default.includes(key);
  return inherits ? defaultFor(key) : own;
}
