import type { GitlabJobPayload } from "./gitlab-job-payload.js";

const segment = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * The project's path below the builds directory (`grp/app`): `CI_PROJECT_PATH` when GitLab
 * sends it, else the repository URL's path without `.git`. Only plain segments are kept (no
 * `..`, no empty or hidden ones), so the project directory never leaves `/builds`; when
 * nothing usable remains it is `project-<id>`.
 */
export function projectPathOf(payload: GitlabJobPayload): string {
  const fromVariable = payload.variables.find((v) => v.key === "CI_PROJECT_PATH")?.value;
  let fromUrl = "";
  try {
    fromUrl = new URL(payload.gitInfo.repoUrl).pathname.replace(/\.git$/, "");
  } catch {
    // Not a URL: fall back to the project id below.
  }
  for (const candidate of [fromVariable, fromUrl]) {
    const parts = (candidate ?? "").split("/").filter((part) => part !== "");
    if (parts.length > 0 && parts.every((part) => segment.test(part))) return parts.join("/");
  }
  return `project-${payload.jobInfo.projectId}`;
}
