import { AirlockError, isAirlockError } from "../../core/airlock-error.js";
import { renderRunnerConfig, withoutRunners } from "../../config/edit-runner-config.js";
import { writeConfigFile } from "../../config/write-config-file.js";
import { gitlabApi } from "../../gitlab/gitlab-api.js";
import { deleteRunner, deleteRunnerManager } from "../../gitlab/runner-api.js";
import { loadRunnerConfig } from "./load-runner-config.js";
import { runnerSystemId } from "./runner-system-id.js";
import { selectRunners } from "./select-runners.js";

export interface Unregistered {
  readonly name: string;
  /** `manager`: this machine left a runner made in GitLab's UI (the runner stays there). */
  readonly removed: "runner" | "manager";
  /** GitLab no longer knew the token (403): removed from the config only. */
  readonly alreadyGone: boolean;
}

/**
 * `airlock unregister`: for each selected runner, tells GitLab (a `glrt-` runner: this
 * machine's manager is removed, `DELETE /runners/managers`; a legacy runner is deleted,
 * `DELETE /runners`), then removes it from the configuration. A token GitLab already
 * refuses is removed from the configuration too; an unreachable GitLab (or a 5xx) stops
 * at that runner, which stays configured with the ones after it.
 */
export async function unregisterRunners(options: {
  readonly configPath: string;
  readonly stateDir: string;
  readonly names: readonly string[];
  readonly all: boolean;
}): Promise<readonly Unregistered[]> {
  if (options.all === options.names.length > 0) {
    throw new AirlockError("AIRLOCK_E_USAGE", "give --name NAME (repeatable) or --all", {
      fix: "airlock verify lists the runners in the configuration",
    });
  }
  const loaded = await loadRunnerConfig(options.configPath, false);
  const runners = selectRunners(loaded.config.runners, options.names, options.configPath);
  const systemId = await runnerSystemId(options.stateDir);
  const results: Unregistered[] = [];
  try {
    for (const runner of runners) {
      const api = gitlabApi(runner.url);
      const manager = runner.token.startsWith("glrt-");
      let alreadyGone = false;
      try {
        if (manager) await deleteRunnerManager(api, runner.token, systemId);
        else await deleteRunner(api, runner.token);
      } catch (error: unknown) {
        if (!isAirlockError(error) || error.code !== "AIRLOCK_E_GITLAB_FORBIDDEN") throw error;
        alreadyGone = true;
      }
      results.push({ name: runner.name, removed: manager ? "manager" : "runner", alreadyGone });
    }
  } finally {
    // Runners GitLab has let go of leave the configuration even when a later one failed.
    if (results.length > 0) {
      const names = new Set(results.map((result) => result.name));
      const tree = withoutRunners(loaded.tree, (name) => names.has(name));
      await writeConfigFile(options.configPath, renderRunnerConfig(tree));
    }
  }
  return results;
}
