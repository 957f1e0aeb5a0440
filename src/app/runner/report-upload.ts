import { posix } from "node:path";
import { artifactFilename } from "../../gitlab/artifact-filename.js";
import { gzipMembers } from "../../gitlab/gzip-members.js";
import { createZip } from "../../gitlab/zip-archive.js";
import type { JobReport } from "../../job/job-spec.js";
import type { CollectedFile } from "./collected-files.host.js";

/** One `POST /jobs/:id/artifacts`, ready to send. */
export interface PreparedUpload {
  readonly type: string;
  readonly format: string;
  readonly filename: string;
  readonly content: Uint8Array;
  readonly expireIn: string | undefined;
}

export type ReportUpload =
  | { readonly kind: "upload"; readonly upload: PreparedUpload }
  /** Nothing matched: the collection said "No files to upload"; not a failure. */
  | { readonly kind: "none" }
  /** gitlab-runner's uploader would fail here (and so the job): `message` says why. */
  | { readonly kind: "refused"; readonly message: string };

/**
 * A report's collected files in its format, as gitlab-runner's uploader makes it: `gzip`
 * one member per file in path order, `raw` the one file as is (more than one is refused,
 * naming them), `zip` an archive of the files.
 */
export function reportUpload(report: JobReport, files: readonly CollectedFile[]): ReportUpload {
  if (files.length === 0) return { kind: "none" };
  if (report.format === "raw" && files.length > 1) {
    return {
      kind: "refused",
      message: `only one file can be sent as raw, and the paths of artifacts:reports:${report.type} matched ${files.length}: ${files.map((f) => f.path).join(", ")}`,
    };
  }
  const content =
    report.format === "gzip"
      ? gzipMembers(
          files.map((f) => ({
            name: posix.basename(f.path),
            path: f.path,
            mtimeMs: f.mtimeMs,
            data: f.data,
          })),
        )
      : report.format === "raw"
        ? (files[0]?.data ?? Buffer.alloc(0))
        : createZip(files.map((f) => ({ path: f.path, data: f.data, mode: f.mode })));
  return {
    kind: "upload",
    upload: {
      type: report.type,
      format: report.format,
      filename: artifactFilename(report.name, report.format),
      content,
      expireIn: report.expireIn,
    },
  };
}
