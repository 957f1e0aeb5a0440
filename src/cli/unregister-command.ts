import type { Command } from "commander";
import { defaultRunnerConfigPath } from "../app/runner/load-runner-config.js";
import { unregisterRunners } from "../app/runner/unregister-runners.js";
import { stateDir } from "../core/state-dir.js";

interface UnregisterFlags {
  readonly name: string[];
  readonly all?: boolean;
  readonly config: string;
}

/** `airlock unregister --name N | --all`: tell GitLab, then drop the runner from the config. */
export function registerUnregister(program: Command): void {
  program
    .command("unregister")
    .description("disconnect runners from GitLab and remove them from the runner config")
    .option(
      "--name <name>",
      "this runner (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option("--all", "every runner in the config")
    .option("--config <path>", "the runner configuration file", defaultRunnerConfigPath)
    .addHelpText(
      "after",
      "\nA runner made in GitLab's UI (glrt- token) stays in GitLab: this machine is removed\n" +
        "from its managers; delete the runner itself in GitLab. A legacy runner is deleted.",
    )
    .action(async (flags: UnregisterFlags) => {
      const results = await unregisterRunners({
        configPath: flags.config,
        stateDir: stateDir(),
        names: flags.name,
        all: flags.all === true,
      });
      for (const result of results) {
        const what = result.alreadyGone
          ? "GitLab no longer knew its token"
          : result.removed === "manager"
            ? "this machine removed from its managers in GitLab"
            : "deleted in GitLab";
        process.stdout.write(`${result.name}: ${what}; removed from ${flags.config}\n`);
      }
    });
}
