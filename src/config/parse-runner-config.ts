import { AirlockError } from "../core/airlock-error.js";
import { checkConfigKeys } from "./check-config-keys.js";
import { arrayAt, isTable, valueAt } from "./config-doc.js";
import { ConfigProblems, type ConfigProblem } from "./config-problems.js";
import { gitlabRunnerKnownKeys as known } from "./gitlab-runner-known-keys.js";
import { parseTomlDoc } from "./parse-toml-doc.js";
import { readRunnerEntry } from "./read-runner-entry.js";
import {
  runnerConfigDefaults,
  type LogLevel,
  type RunnerConfig,
  type RunnerEntry,
} from "./runner-config.js";
import { TomlFields } from "./toml-fields.js";

/** A parsed configuration, its raw tree (to write back), and what it sets to no effect. */
export interface ParsedRunnerConfig {
  readonly config: RunnerConfig;
  /** The TOML tree as read: `register` edits it and writes it back, keeping every key. */
  readonly tree: Readonly<Record<string, unknown>>;
  readonly warnings: readonly ConfigProblem[];
}

/**
 * Parses a gitlab-runner-style `config.toml` for airlock (`file` names it in messages).
 * Throws AIRLOCK_E_RUNNER_CONFIG listing every error with its line: bad TOML, wrong types,
 * unknown keys, isolation-breaking settings (with what airlock does instead). Keys that
 * gitlab-runner knows and airlock does not use are warnings when set to a non-zero value.
 */
export function parseRunnerConfig(text: string, file: string): ParsedRunnerConfig {
  const doc = parseTomlDoc(text, (detail, position) => {
    return new AirlockError(
      "AIRLOCK_E_RUNNER_CONFIG",
      `${file}:${position.line}:${position.column}: not valid TOML: ${detail}`,
      { fix: "correct the TOML at the position shown" },
    );
  });
  const root = doc.root;
  const problems = new ConfigProblems(file, doc);
  if (!isTable(root)) throw new AirlockError("AIRLOCK_E_INTERNAL", "a TOML document is a table");
  const fields = new TomlFields(root, problems);
  checkConfigKeys(
    root,
    [],
    {
      supported: new Set([
        "concurrent",
        "check_interval",
        "log_level",
        "listen_address",
        "runners",
      ]),
      unused: known.global,
      unusedReason: "airlock has no such setting (docs/runner.md lists the keys it reads)",
    },
    problems,
  );
  if (valueAt(root, ["runners"]) !== undefined && !Array.isArray(valueAt(root, ["runners"]))) {
    problems.error(["runners"], "expected [[runners]] tables");
  }
  const runners = arrayAt(root, ["runners"]).flatMap((_, index): RunnerEntry[] => {
    const entry = readRunnerEntry(root, index, problems);
    return entry === undefined ? [] : [entry];
  });
  const seen = new Set<string>();
  runners.forEach((runner, index) => {
    if (seen.has(runner.name)) {
      problems.error(
        ["runners", index, "name"],
        `"${runner.name}" is used by an earlier [[runners]]: names must be unique`,
      );
    }
    seen.add(runner.name);
  });
  const checkInterval = fields.integer(["check_interval"], 0);
  const config: RunnerConfig = {
    concurrent: fields.integer(["concurrent"], 1) ?? runnerConfigDefaults.concurrent,
    checkIntervalSeconds:
      checkInterval === undefined || checkInterval === 0
        ? runnerConfigDefaults.checkIntervalSeconds
        : checkInterval,
    logLevel: normaliseLevel(fields.choice(["log_level"], logLevels)),
    listenAddress: fields.string(["listen_address"]),
    runners,
  };
  problems.throwIfAny();
  return { config, tree: root, warnings: problems.warnings };
}

const logLevels = ["debug", "info", "warn", "warning", "error", "fatal", "panic"] as const;

/** gitlab-runner (logrus) accepts `warning` for `warn`. */
function normaliseLevel(level: (typeof logLevels)[number] | undefined): LogLevel {
  if (level === undefined) return runnerConfigDefaults.logLevel;
  return level === "warning" ? "warn" : level;
}
