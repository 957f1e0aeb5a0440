/**
 * A job as GitLab hands it to a runner (`POST /jobs/request`, 201), validated and read-only.
 * Field meanings: docs/gitlab-runner-api.md. Optional GitLab fields that were absent or null
 * are undefined (scalars) or empty (lists).
 */
export interface GitlabJobPayload {
  readonly id: number;
  /** The job token: authenticates trace, update and artifact calls; also `CI_JOB_TOKEN`. */
  readonly token: string;
  readonly allowGitFetch: boolean;
  readonly jobInfo: {
    readonly name: string;
    readonly stage: string;
    readonly projectId: number;
    readonly projectName: string;
    readonly timeInQueueSeconds: number | undefined;
  };
  readonly gitInfo: GitlabGitInfo;
  /** The job's timeout in seconds (the project's, capped by the runner's maximum). */
  readonly timeoutSeconds: number;
  readonly variables: readonly GitlabVariable[];
  readonly steps: readonly GitlabStep[];
  readonly image: GitlabImage | undefined;
  readonly services: readonly GitlabService[];
  readonly artifacts: readonly GitlabArtifact[];
  readonly cache: readonly GitlabCache[];
  readonly credentials: readonly GitlabCredential[];
  readonly dependencies: readonly GitlabDependency[];
  readonly features: {
    readonly traceSections: boolean;
    readonly failureReasons: readonly string[];
  };
  readonly hooks: readonly { readonly name: string; readonly script: readonly string[] }[];
}

export interface GitlabGitInfo {
  /** Holds the job token as the password: never log it. */
  readonly repoUrl: string;
  readonly ref: string;
  readonly sha: string;
  readonly beforeSha: string | undefined;
  /** `branch` or `tag`. */
  readonly refType: string | undefined;
  readonly refspecs: readonly string[];
  /** 0 or undefined: a full clone. */
  readonly depth: number | undefined;
  /** Whether the ref is protected: protected and unprotected refs never share a cache. */
  readonly protected: boolean | undefined;
}

export interface GitlabVariable {
  readonly key: string;
  readonly value: string;
  readonly public: boolean;
  readonly masked: boolean;
  readonly file: boolean;
  /** No `$VAR` expansion in the value. */
  readonly raw: boolean;
}

export interface GitlabStep {
  /** `script` (before_script and script joined), `after_script`, `release`, ... */
  readonly name: string;
  readonly script: readonly string[];
  readonly timeoutSeconds: number | undefined;
  /** `on_success`, `on_failure` or `always`. */
  readonly when: string | undefined;
  readonly allowFailure: boolean;
}

export interface GitlabImage {
  readonly name: string;
  readonly alias: string | undefined;
  readonly entrypoint: readonly string[] | undefined;
  readonly command: readonly string[] | undefined;
  readonly pullPolicy: readonly string[];
  /** `executor_opts.docker.user` (`image: docker: user`; GitLab sends a string or a number). */
  readonly dockerUser: string | undefined;
  /** `executor_opts.docker.platform` (`image: docker: platform`). */
  readonly dockerPlatform: string | undefined;
}

export interface GitlabService extends GitlabImage {
  readonly variables: readonly GitlabVariable[];
}

export interface GitlabArtifact {
  readonly name: string | undefined;
  readonly untracked: boolean;
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  /** `on_success`, `on_failure` or `always`. */
  readonly when: string | undefined;
  /** `archive`, or a report type such as `junit` or `dotenv`. */
  readonly artifactType: string;
  /** `zip`, `gzip` or `raw`. */
  readonly artifactFormat: string;
  readonly expireIn: string | undefined;
}

export interface GitlabCache {
  readonly key: string;
  readonly untracked: boolean;
  /** `pull`, `push` or `pull-push`. */
  readonly policy: string;
  readonly paths: readonly string[];
  readonly when: string | undefined;
  readonly fallbackKeys: readonly string[];
}

/** A `credentials` entry: `registry` ones log in to `url` (a host[:port]) for image pulls. */
export interface GitlabCredential {
  readonly type: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

export interface GitlabDependency {
  readonly id: number;
  readonly name: string;
  /** The token that downloads this dependency's artifacts. */
  readonly token: string;
  readonly artifactsFile: { readonly filename: string; readonly size: number } | undefined;
}
