import type { DefaultKeyword } from "../job/job-keywords.js";
import { parseDefaultKeys } from "../job/parse-default-keys.js";
import { pipelineError } from "../pipeline-error.js";
import type { RawNode } from "../raw/raw-node.js";
import { parseWorkflowRules } from "../rules/parse-workflow-rules.js";
import { parseVariables } from "../variables/parse-variables.js";
import { parseJob } from "./parse-job.js";
import type { PipelineModel } from "./pipeline-model.js";
import { parseStages } from "./parse-stages.js";

/** Top-level keys that are not jobs. */
const globalKeys = new Set(["default", "include", "stages", "variables", "workflow", "spec"]);
/** Deprecated top-level forms of `default:` keys, still honoured by GitLab. */
const legacyGlobals = new Set<string>([
  "image",
  "services",
  "cache",
  "before_script",
  "after_script",
]);

/**
 * The loaded document (include, extends and !reference already resolved) validated into a
 * PipelineModel. Fails on the first problem, naming file, line and key.
 */
export function parsePipeline(root: RawNode): PipelineModel {
  const keys = root.keys("a map of jobs and global keywords");
  const stages = parseStages(root.child("stages"));
  const defaults = root.child("default");
  if (!defaults.isMissing) parseDefaultKeys(defaults);
  const defaultFor = (key: DefaultKeyword): RawNode => {
    const own = defaults.child(key);
    return own.isMissing && legacyGlobals.has(key) ? root.child(key) : own;
  };
  const workflow = root.child("workflow");
  if (!workflow.isMissing) {
    const workflowKeys = workflow.keys("a map with rules:");
    const extra = workflowKeys.filter(
      (key) => key !== "rules" && key !== "name" && key !== "auto_cancel",
    );
    if (extra[0] !== undefined)
      throw workflow
        .child(extra[0])
        .fail("unknown key; workflow may have rules, name and auto_cancel");
  }
  const jobs = keys
    .filter((key) => !globalKeys.has(key) && !legacyGlobals.has(key) && !key.startsWith("."))
    .map((name) => {
      const node = root.child(name);
      if (!node.isMap) {
        throw node.fail(
          "config should be a map (a job with script:), or a hidden `.key` for templates",
        );
      }
      return parseJob(name, node, defaultFor, stages);
    });
  if (jobs.length === 0) {
    throw pipelineError(
      root.location,
      "jobs",
      "the pipeline has no visible job (every job name starts with a dot, or there is none)",
    );
  }
  return {
    stages,
    variables: parseVariables(root.child("variables"), "global"),
    workflow: workflow.child("rules").isMissing
      ? undefined
      : parseWorkflowRules(workflow.child("rules")),
    jobs,
  };
}
