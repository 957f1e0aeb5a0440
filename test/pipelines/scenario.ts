/**
 * One scenario folder of test/pipelines: `.gitlab-ci.yml` (and any other files of the
 * repository) plus `expected.out` (stdout of `airlock run --plain --concurrency 1`,
 * normalised), optionally `expected.err` (lines that stderr must contain) and `case.json`.
 */
export interface ScenarioCase {
  /** Extra arguments for `airlock run` (e.g. ["--list"], ["test", "--needs"]). */
  readonly args?: readonly string[];
  /** Expected exit status (default 0). */
  readonly exitCode?: number;
  /** The branch the commit is on (default main). */
  readonly branch?: string;
  /** Tag HEAD and detach at the tag (a tag pipeline). */
  readonly tag?: string;
  /** `origin` remote URL (default none: the project is local/<dir>). */
  readonly remote?: string;
  /** Files written after the commit, left uncommitted (path -> content). */
  readonly uncommitted?: Readonly<Record<string, string>>;
  /** Why the scenario exists, in GitLab's terms (the doc it follows). */
  readonly about?: string;
}

/**
 * What may differ between runs and is replaced before comparing: durations with the spaces before them
 * (`   0.4s` -> ` <t>`), the pipeline id and run directory, the temp directory of the repository,
 * and the pids in bash's "Killed" lines.
 */
export function normalise(text: string, repoDir: string, stateDir: string): string {
  return (
    text
      .replaceAll(repoDir, "<repo>")
      .replace(/ +(?:\d+\.\d|\d+m\d\d)s\b/g, " <t>")
      .replace(/Pipeline \d+ /g, "Pipeline <id> ")
      .replaceAll(`${stateDir}/runs/`, "<runs>/")
      .replace(/<runs>\/[^/\s]+\/\d+/g, "<run>")
      .replace(/\b(?:CI_PIPELINE_ID|CI_JOB_ID)=\d+/g, (m) => m.replace(/\d+$/, "<n>"))
      // bash's job-status lines carry the pid, which depends on how many processes ran first.
      .replace(/(bash: line \d+: +)\d+( +(?:Killed|Terminated|Aborted))/g, "$1<pid>$2")
  );
}
