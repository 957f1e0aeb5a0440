/** What the local repository says about the commit a pipeline runs for (read by app/). */
export interface GitFacts {
  readonly sha: string;
  /** The checked-out branch; undefined on a detached HEAD. */
  readonly branch: string | undefined;
  /** A tag pointing at HEAD when HEAD is detached at it (or `--tag` was asked for). */
  readonly tag: string | undefined;
  readonly message: string;
  /** `Name <email>`. */
  readonly author: string;
  /** ISO 8601 with offset, as GitLab gives CI_COMMIT_TIMESTAMP. */
  readonly timestamp: string;
  /** The `origin` remote's URL, when there is one. */
  readonly remoteUrl: string | undefined;
  /** origin's HEAD branch when known, else the current branch. */
  readonly defaultBranch: string | undefined;
  /** The repository's directory name (the project's name when there is no remote). */
  readonly directoryName: string;
  readonly userName: string;
  readonly userEmail: string;
}
