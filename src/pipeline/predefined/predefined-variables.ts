import type { GitFacts } from "./git-facts.js";
import type { PipelineIdentity } from "./pipeline-identity.js";
import { projectIdentity } from "./project-identity.js";
import { slugify } from "./slugify.js";

const zeroSha = "0".repeat(40);

/**
 * GitLab's predefined variables of a push pipeline that a local run can know, in GitLab's
 * meanings (docs: "Predefined CI/CD variables reference"). Job-level ones (CI_JOB_*) come
 * from jobPredefinedVariables. Branch pipelines get CI_COMMIT_BRANCH, tag pipelines
 * CI_COMMIT_TAG; never both.
 */
export function predefinedVariables(
  git: GitFacts,
  run: PipelineIdentity,
): ReadonlyMap<string, string> {
  const project = projectIdentity(git.remoteUrl, git.directoryName);
  const serverUrl = project.serverUrl;
  const projectUrl = `${serverUrl}/${project.path}`;
  const ref = git.tag ?? git.branch ?? git.sha;
  const [title = "", ...rest] = git.message.split("\n");
  const vars: [string, string][] = [
    ["CI", "true"],
    ["GITLAB_CI", "true"],
    ["CI_SERVER", "yes"],
    ["CI_SERVER_NAME", "GitLab"],
    ["CI_SERVER_HOST", project.serverHost],
    ["CI_SERVER_PORT", project.serverPort],
    ["CI_SERVER_PROTOCOL", serverUrl.slice(0, serverUrl.indexOf(":"))],
    ["CI_SERVER_URL", serverUrl],
    ["CI_PROJECT_NAME", project.name],
    ["CI_PROJECT_TITLE", project.name],
    ["CI_PROJECT_PATH", project.path],
    ["CI_PROJECT_PATH_SLUG", slugify(project.path)],
    ["CI_PROJECT_NAMESPACE", project.namespace],
    ["CI_PROJECT_ROOT_NAMESPACE", project.namespace.split("/")[0] ?? ""],
    ["CI_PROJECT_URL", projectUrl],
    ["CI_PROJECT_DIR", projectDirOf(run, project.path)],
    ["CI_PROJECT_VISIBILITY", "private"],
    ["CI_BUILDS_DIR", run.buildsDir],
    ["CI_REPOSITORY_URL", `${projectUrl}.git`],
    ["CI_CONFIG_PATH", run.configPath],
    ["CI_COMMIT_SHA", git.sha],
    ["CI_COMMIT_SHORT_SHA", git.sha.slice(0, 8)],
    ["CI_COMMIT_BEFORE_SHA", zeroSha],
    ["CI_COMMIT_REF_NAME", ref],
    ["CI_COMMIT_REF_SLUG", slugify(ref)],
    ["CI_COMMIT_REF_PROTECTED", "false"],
    ["CI_COMMIT_MESSAGE", git.message],
    ["CI_COMMIT_TITLE", title],
    ["CI_COMMIT_DESCRIPTION", rest.join("\n").replace(/^\n+/, "")],
    ["CI_COMMIT_AUTHOR", git.author],
    ["CI_COMMIT_TIMESTAMP", git.timestamp],
    ["CI_PIPELINE_ID", String(run.pipelineId)],
    ["CI_PIPELINE_IID", String(run.pipelineId)],
    ["CI_PIPELINE_SOURCE", "push"],
    ["CI_PIPELINE_CREATED_AT", run.createdAt],
    ["CI_PIPELINE_URL", `${projectUrl}/-/pipelines/${String(run.pipelineId)}`],
    ["CI_RUNNER_DESCRIPTION", "airlock (local)"],
    ["CI_RUNNER_EXECUTABLE_ARCH", "linux/amd64"],
    ["GITLAB_USER_NAME", git.userName],
    ["GITLAB_USER_EMAIL", git.userEmail],
    ["GITLAB_USER_LOGIN", git.userEmail.split("@")[0] ?? ""],
  ];
  if (git.defaultBranch !== undefined) vars.push(["CI_DEFAULT_BRANCH", git.defaultBranch]);
  if (git.tag !== undefined) vars.push(["CI_COMMIT_TAG", git.tag]);
  else if (git.branch !== undefined) vars.push(["CI_COMMIT_BRANCH", git.branch]);
  return new Map(vars);
}

/** CI_PROJECT_DIR: where the job's sources are, inside the sandbox. */
export function projectDirOf(run: PipelineIdentity, projectPath: string): string {
  return `${run.buildsDir}/${projectPath}`;
}
