import type { DefaultKeyword } from "../job/job-keywords.js";
import { parseAllowFailure } from "../job/parse-allow-failure.js";
import { parseArtifacts } from "../job/parse-artifacts.js";
import { parseCache } from "../job/parse-cache.js";
import { parseCoverage } from "../job/parse-coverage.js";
import { parseDependencies } from "../job/parse-dependencies.js";
import { parseEnvironment } from "../job/parse-environment.js";
import { parseImage } from "../job/parse-image.js";
import { parseInherit } from "../job/parse-inherit.js";
import { parseInterruptible } from "../job/parse-interruptible.js";
import { parseJobKeys } from "../job/parse-job-keys.js";
import { parseNeeds } from "../job/parse-needs.js";
import { parseRetry } from "../job/parse-retry.js";
import { parseScript } from "../job/parse-script.js";
import { parseServices } from "../job/parse-services.js";
import { parseTags } from "../job/parse-tags.js";
import { parseWhen } from "../job/parse-when.js";
import { parseDurationNode, timeoutLimit } from "../duration/parse-duration-node.js";
import { parseParallel } from "../parallel/parse-parallel.js";
import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";
import { parseJobInclusion } from "../rules/parse-job-inclusion.js";
import { parseVariables } from "../variables/parse-variables.js";
import { inheritedNode } from "./inherited-node.js";
import type { JobDefinition } from "./job-definition.js";

/** Keys that make a job something airlock cannot run locally, with why. */
const unsupported: Readonly<Record<string, string>> = {
  trigger: "it starts a downstream pipeline on a GitLab server",
  run: "CI/CD steps (`run:`) are not supported yet",
};

/**
 * One visible job, validated keyword by keyword, with `default:` (and the deprecated
 * top-level globals) inherited as GitLab does. Precondition: `node` is the job's map.
 */
export function parseJob(
  name: string,
  node: RawNode,
  defaultFor: (key: DefaultKeyword) => RawNode,
  stages: readonly string[],
): JobDefinition {
  parseJobKeys(node);
  for (const [key, why] of Object.entries(unsupported)) {
    if (!node.child(key).isMissing) {
      throw node.child(key).fail(`airlock cannot run this job locally: ${why}`);
    }
  }
  const inherit = node.child("inherit").isMissing
    ? { default: true, variables: true }
    : parseInherit(node.child("inherit"));
  const pick = (key: DefaultKeyword): RawNode => inheritedNode(node, defaultFor, key, inherit);
  const optional = <T>(child: RawNode, parse: (n: RawNode) => T): T | undefined =>
    child.isMissing ? undefined : parse(child);
  const stageNode = node.child("stage");
  const stage = stageNode.isMissing ? "test" : readString(stageNode, "a stage name");
  if (!stages.includes(stage)) {
    throw stageNode.fail(
      `chosen stage ${stage} does not exist; available stages are ${stages.join(", ")}`,
      "add it to `stages:` or fix the job's `stage:`",
    );
  }
  const scriptNode = node.child("script");
  if (scriptNode.isMissing) {
    throw node.fail("config should implement the script: keyword (every job needs a script)");
  }
  return {
    name,
    node,
    stage,
    image: optional(pick("image"), parseImage),
    services: optional(pick("services"), parseServices) ?? [],
    beforeScript: optional(pick("before_script"), (n) => parseScript(n)) ?? [],
    script: parseScript(scriptNode, { required: true }),
    afterScript: optional(pick("after_script"), (n) => parseScript(n)) ?? [],
    variables: parseVariables(node.child("variables"), "job"),
    inherit,
    inclusion: parseJobInclusion(node),
    when: parseWhen(node.child("when"), node.child("start_in")),
    allowFailure: optional(node.child("allow_failure"), parseAllowFailure),
    needs: optional(node.child("needs"), parseNeeds),
    dependencies: optional(node.child("dependencies"), parseDependencies),
    artifacts: optional(pick("artifacts"), parseArtifacts),
    caches: optional(pick("cache"), parseCache) ?? [],
    parallel: optional(node.child("parallel"), parseParallel),
    timeoutMs: optional(pick("timeout"), (n) => parseDurationNode(n, { below: timeoutLimit })),
    retry: optional(pick("retry"), parseRetry) ?? { max: 0, when: ["always"], exitCodes: [] },
    tags: optional(pick("tags"), parseTags) ?? [],
    coverage: optional(node.child("coverage"), parseCoverage),
    environment: optional(node.child("environment"), parseEnvironment),
    interruptible: optional(pick("interruptible"), parseInterruptible),
  };
}
