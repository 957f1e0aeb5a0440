import type { GitlabApi } from "./gitlab-api.js";
import { patchTrace } from "./patch-trace.js";

/**
 * Appends `text` to the end of a job's log when this process does not know how long the
 * log is (a job recovered after a crash): sent at offset 0, and on GitLab's 416 again at the
 * length GitLab holds. Best effort: false when GitLab did not take it (the job is over, or
 * the log moved again); throws only what patchTrace throws (unreachable, 5xx).
 */
export async function appendToTrace(
  api: GitlabApi,
  job: { readonly jobId: number; readonly jobToken: string },
  text: string,
): Promise<boolean> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await patchTrace(api, { ...job, offset, bytes });
    if (answer.kind === "accepted") return true;
    if (answer.kind === "aborted") return false;
    offset = answer.remoteLength;
  }
  return false;
}
