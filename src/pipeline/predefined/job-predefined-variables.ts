import { slugify } from "./slugify.js";

export interface JobIdentity {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly projectUrl: string;
  /** `CI_NODE_INDEX`/`CI_NODE_TOTAL` of a `parallel` instance. */
  readonly node: { readonly index: number; readonly total: number } | undefined;
  readonly manual: boolean;
  /** `image:name` as written, when the job names an image (`CI_JOB_IMAGE`). */
  readonly image?: string | undefined;
}

/** GitLab's job-level predefined variables (CI_JOB_*, CI_NODE_*). */
export function jobPredefinedVariables(job: JobIdentity): ReadonlyMap<string, string> {
  const vars = new Map<string, string>([
    ["CI_JOB_ID", String(job.id)],
    ["CI_JOB_NAME", job.name],
    ["CI_JOB_NAME_SLUG", slugify(job.name)],
    ["CI_JOB_STAGE", job.stage],
    ["CI_JOB_URL", `${job.projectUrl}/-/jobs/${String(job.id)}`],
  ]);
  if (job.node !== undefined) {
    vars.set("CI_NODE_INDEX", String(job.node.index));
    vars.set("CI_NODE_TOTAL", String(job.node.total));
  }
  if (job.manual) vars.set("CI_JOB_MANUAL", "true");
  if (job.image !== undefined) vars.set("CI_JOB_IMAGE", job.image);
  return vars;
}
