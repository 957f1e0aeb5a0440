import { uploadArtifact } from "../../gitlab/artifacts-api.js";
import { artifactFilename } from "../../gitlab/artifact-filename.js";
import type { GitlabApi } from "../../gitlab/gitlab-api.js";
import type { GitlabJobPayload } from "../../gitlab/gitlab-job-payload.js";
import { sectionEnd, sectionStart } from "../../gitlab/trace-section.js";
import type { JobOutcome } from "../../job/job-outcome.js";
import type { JobSpec } from "../../job/job-spec.js";
import { collectedFiles } from "./collected-files.host.js";
import { reportUpload, type ReportUpload } from "./report-upload.js";
import { zipDirectory } from "./zip-directory.host.js";

/**
 * Uploads what the executor collected, each artifacts entry on its own with its type,
 * format and `expire_in`, in GitLab's order: the archive as a zip, then every report in its
 * format. Like gitlab-runner's upload stage, the first failing upload (413 too large, a raw
 * report of several files) stops the rest and makes the result false: the job fails.
 * Entries that collected nothing are skipped (the executor said "No files to upload").
 */
export async function uploadJobArtifacts(
  api: GitlabApi,
  job: GitlabJobPayload,
  spec: JobSpec,
  outcome: JobOutcome,
  log: (line: string) => void,
): Promise<boolean> {
  const artifacts = spec.artifacts;
  if (artifacts === undefined || outcome.status === "canceled") return true;
  const archive = await zipDirectory(artifacts.hostDir);
  const uploads: ReportUpload[] = [];
  if (archive !== undefined) {
    const upload = {
      type: "archive",
      format: "zip",
      filename: artifactFilename(artifacts.name, "zip"),
      content: archive,
      expireIn: artifacts.expireIn,
    };
    uploads.push({ kind: "upload", upload });
  }
  for (const report of artifacts.reports ?? []) {
    uploads.push(reportUpload(report, await collectedFiles(report.hostDir)));
  }
  if (uploads.every((u) => u.kind === "none")) return true;

  const name = `upload_artifacts_on_${outcome.status === "success" ? "success" : "failure"}`;
  const failed = (why: string): false => {
    log(why);
    if (outcome.status === "success") log("ERROR: Job failed: uploading artifacts failed");
    return false;
  };
  log(sectionStart(name, "Uploading artifacts for job", Date.now()));
  try {
    for (const prepared of uploads) {
      if (prepared.kind === "none") continue;
      if (prepared.kind === "refused") {
        return failed(`ERROR: Uploading artifacts failed: ${prepared.message}`);
      }
      const { upload } = prepared;
      const answer = await uploadArtifact(api, {
        jobId: job.id,
        jobToken: job.token,
        filename: upload.filename,
        content: upload.content,
        artifactType: upload.type,
        artifactFormat: upload.format,
        expireIn: upload.expireIn,
      });
      if (answer === "too-large") {
        return failed(
          `ERROR: Uploading artifacts as "${upload.type}" to coordinator... too large archive (${upload.content.length} bytes: more than GitLab's maximum artifacts size)`,
        );
      }
      log(`Uploading artifacts as "${upload.type}" to coordinator... 201 Created`);
    }
    return true;
  } finally {
    log(sectionEnd(name, Date.now()));
  }
}
