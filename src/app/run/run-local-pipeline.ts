import { rm } from "node:fs/promises";
import { stringify } from "yaml";
import { loadPipeline } from "../../pipeline/load/load-pipeline.js";
import { parsePipeline } from "../../pipeline/model/parse-pipeline.js";
import { predefinedVariables } from "../../pipeline/predefined/predefined-variables.js";
import { projectIdentity } from "../../pipeline/predefined/project-identity.js";
import { RawNode } from "../../pipeline/raw/raw-node.js";
import { evaluateIf } from "../../pipeline/rules/evaluate-if.js";
import { parseIf } from "../../pipeline/rules/parse-if.js";
import { formatJobList } from "./format-job-list.js";
import { listWorkTree } from "./list-work-tree.host.js";
import type { LocalRunOptions } from "./local-run-options.js";
import { localBuildsDir } from "./local-runnable-jobs.js";
import { checkManualJobs } from "./manual-job-check.js";
import { planLocal, type LocalPlan } from "./plan-local.js";
import { readGitFacts } from "./read-git-facts.host.js";
import { repositoryFiles } from "./repository-files.host.js";
import { claimRunDirectory } from "./run-directory.host.js";
import { runLocalJobs } from "./run-local-jobs.js";

export type { LocalRunOptions } from "./local-run-options.js";

/**
 * `airlock run`: the repository's pipeline, planned like GitLab would for a push of the
 * current work tree, each job in a fresh sandbox. Returns the exit status (0 passed, 1
 * failed). The snapshot is removed at the end; artifacts stay in the run's directory.
 * `preview` prints the merged YAML and `list` the planned jobs, without running anything;
 * the run's directory is claimed only in `run` mode and removed again when nothing runs.
 */
export async function runLocalPipeline(options: LocalRunOptions): Promise<number> {
  const out = (text: string): boolean => process.stdout.write(text);
  const git = await readGitFacts(options.directory);
  const tree = await listWorkTree(git.topLevel);
  const repository = repositoryFiles(git.topLevel, tree.files);
  const project = projectIdentity(git.remoteUrl, git.directoryName);
  const createdAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const identity = {
    pipelineId: 0,
    createdAt,
    configPath: options.file,
    buildsDir: localBuildsDir,
  };
  const provisional = predefinedVariables(git, identity);
  const ifVariables = new Map([
    ...provisional,
    ...options.variables.map((v) => [v.name, v.value] as const),
  ]);
  const loaded = loadPipeline(options.file, repository.readFile, repository.listFiles, {
    evaluateIncludeRule: (rule) =>
      rule.child("if").isMissing || evaluateIf(parseIf(rule.child("if")), ifVariables),
    variables: Object.fromEntries(ifVariables),
  });
  for (const warning of loaded.warnings) process.stderr.write(`airlock: warning: ${warning}\n`);
  if (options.mode === "preview") {
    out(stringify(loaded.value, { aliasDuplicateObjects: false, lineWidth: 0 }));
    return 0;
  }
  const model = parsePipeline(RawNode.root(loaded.value, loaded.sourceMap));
  const run = options.mode === "run" ? claimRunDirectory(project.path) : undefined;
  let plan: LocalPlan | { readonly why: string };
  try {
    plan = planLocal(
      model,
      git,
      { ...identity, pipelineId: run?.pipelineId ?? 0 },
      project.path,
      repository,
      options,
    );
    if (!("why" in plan)) checkManualJobs(options.manual, plan.jobs);
  } catch (error: unknown) {
    if (run !== undefined) await rm(run.dir, { recursive: true, force: true });
    throw error;
  }
  if ("why" in plan) {
    out(`No pipeline: ${plan.why}.\n`);
    if (run !== undefined) await rm(run.dir, { recursive: true, force: true });
    return 0;
  }
  if (options.mode === "list" || run === undefined) {
    out(`${formatJobList(plan.jobs).join("\n")}\n`);
    return 0;
  }
  return runLocalJobs({
    options,
    model,
    plan,
    run,
    topLevel: git.topLevel,
    tree,
    project: { path: project.path, repository },
    out,
  });
}
