import type { JobNetwork, JobSize } from "../../job/job-spec.js";

/** What turning planned jobs into JobSpecs needs from the run (paths are on the host). */
export interface SpecContext {
  readonly predefined: ReadonlyMap<string, string>;
  /** `--variable`/`--secret` values; masked ones never reach the job log. */
  readonly pipelineVariables: readonly {
    readonly name: string;
    readonly value: string;
    readonly masked: boolean;
  }[];
  readonly workflowVariables: ReadonlyMap<string, string>;
  readonly projectUrl: string;
  /** CI_PROJECT_DIR inside the sandbox. */
  readonly projectDir: string;
  /** The work-tree snapshot every job starts from. */
  readonly sourceDir: string;
  /** `CI_JOB_ID` of each job instance. */
  jobIdOf(job: string): number;
  /** Where a job's artifacts are kept on the host. */
  artifactsDirOf(job: string): string;
  /** Where the cache of `key` is kept on the host. */
  cacheDirOf(key: string): string;
  /** `key:files` digest (see CacheKeyPorts). */
  filesDigest(files: readonly string[], basis: "content" | "commits"): string | undefined;
  readonly defaultSize: JobSize;
  readonly network: JobNetwork;
  /** When a job sets no `timeout:` (GitLab's project default is 1 h). */
  readonly defaultTimeoutMs: number;
}
