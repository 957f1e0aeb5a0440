import { AirlockError } from "../core/airlock-error.js";
import { formatPath, type ConfigDoc, type DocPath } from "./config-doc.js";

/** Something wrong (or without effect) in a config file, where a person edits it. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number | undefined;
  /** The key, e.g. `runners[0].docker.privileged`. */
  readonly key: string;
  readonly message: string;
}

/** `file:line: key: message`: one problem, one line. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.key === "" ? "" : `${problem.key}: `}${problem.message}`;
}

/** Collects every error and warning of one file, so one run reports them all. */
export class ConfigProblems {
  readonly errors: ConfigProblem[] = [];
  readonly warnings: ConfigProblem[] = [];

  constructor(
    readonly file: string,
    private readonly doc: ConfigDoc,
  ) {}

  error(path: DocPath, message: string): void {
    this.errors.push(this.problem(path, message));
  }

  warn(path: DocPath, message: string): void {
    this.warnings.push(this.problem(path, message));
  }

  /** Throws AIRLOCK_E_RUNNER_CONFIG listing every error in line order, when there is one. */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const lines = [...this.errors]
      .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))
      .map((problem) => `  ${formatConfigProblem(problem)}`);
    throw new AirlockError(
      "AIRLOCK_E_RUNNER_CONFIG",
      `${this.file} is not a valid airlock runner configuration:\n${lines.join("\n")}`,
      {
        fix: "edit the lines shown (docs/runner.md lists every key airlock reads), then run the command again",
      },
    );
  }

  private problem(path: DocPath, message: string): ConfigProblem {
    return { file: this.file, line: this.doc.lineOf(path), key: formatPath(path), message };
  }
}
