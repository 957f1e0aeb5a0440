import type { Command } from "commander";
import { defaultRunnerConfigPath } from "../app/runner/load-runner-config.js";
import { runRunner } from "../app/runner/run-runner.js";
import { runnerLogger } from "../app/runner/runner-logger.js";
import { AirlockError } from "../core/airlock-error.js";
import { stderrLogger } from "../core/logger.js";
import { stateDir } from "../core/state-dir.js";

interface RunnerFlags {
  readonly config: string;
  readonly shutdownTimeout: string;
  readonly allowTcg?: boolean;
  readonly logFormat: string;
}

/** `airlock runner`: take jobs from GitLab and run each in a fresh sandbox. */
export function registerRunner(program: Command): void {
  program
    .command("runner")
    .description("take jobs from GitLab and run each in a fresh sandbox (the configured runners)")
    .option("--config <path>", "the runner configuration file", defaultRunnerConfigPath)
    .option(
      "--shutdown-timeout <seconds>",
      "after SIGTERM/SIGINT, how long running jobs may take to finish before they are canceled",
      "3600",
    )
    .option("--log-format <format>", "text, or json: one JSON object a line on stderr", "text")
    .option("--allow-tcg", "microvm backend: run guests under TCG where KVM cannot boot them")
    .addHelpText(
      "after",
      "\nLogs at the config's log_level (-v: debug).\nRuns until SIGTERM or SIGINT: the first stops taking jobs and lets running ones finish\n" +
        "(up to --shutdown-timeout), a second cancels them. Exit status 0 after a clean stop,\n" +
        "77 when GitLab refused every runner's token, 78 for an invalid configuration.",
    )
    .action(async (flags: RunnerFlags, command: Command) => {
      const seconds = Number(flags.shutdownTimeout);
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new AirlockError(
          "AIRLOCK_E_USAGE",
          `--shutdown-timeout "${flags.shutdownTimeout}" is not a number of seconds`,
          { fix: "give a whole number of seconds, e.g. --shutdown-timeout 600" },
        );
      }
      if (flags.logFormat !== "text" && flags.logFormat !== "json") {
        throw new AirlockError("AIRLOCK_E_USAGE", `--log-format "${flags.logFormat}" is unknown`, {
          fix: "use --log-format text or --log-format json",
        });
      }
      const format = flags.logFormat;
      const verbose = command.optsWithGlobals<{ verbose?: boolean }>().verbose === true;
      await runRunner({
        configPath: flags.config,
        stateDir: stateDir(),
        logger: stderrLogger(verbose),
        // -v shows everything; otherwise log_level decides.
        loggerFor: (level) => runnerLogger(format, verbose ? "debug" : level),
        shutdownTimeoutMs: seconds * 1000,
        allowTcg: flags.allowTcg === true,
      });
    });
}
