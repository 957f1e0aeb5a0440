import { isAirlockError } from "../../core/airlock-error.js";
import { renderRunnerConfig, withoutRunners } from "../../config/edit-runner-config.js";
import { writeConfigFile } from "../../config/write-config-file.js";
import { gitlabApi } from "../../gitlab/gitlab-api.js";
import { verifyRunner } from "../../gitlab/runner-api.js";
import { loadRunnerConfig } from "./load-runner-config.js";
import { runnerSystemId } from "./runner-system-id.js";
import { selectRunners } from "./select-runners.js";

export interface VerifiedRunner {
  readonly name: string;
  readonly url: string;
  /** `valid`; `invalid` when GitLab answered 403 (removed from the config with `delete`). */
  readonly state: "valid" | "invalid" | "removed";
  readonly tokenExpiresAt: string | undefined;
  /** GitLab's answer for an invalid token. */
  readonly detail: string | undefined;
}

/**
 * `airlock verify`: asks GitLab whether each runner's token is still valid
 * (`/runners/verify` with this machine's system_id). With `deleteInvalid`, runners GitLab
 * refused are removed from the configuration. Other failures (GitLab unreachable, 5xx)
 * throw: nothing is removed on a doubt.
 */
export async function verifyRunners(options: {
  readonly configPath: string;
  readonly stateDir: string;
  readonly names: readonly string[];
  readonly deleteInvalid: boolean;
}): Promise<readonly VerifiedRunner[]> {
  const loaded = await loadRunnerConfig(options.configPath, false);
  const runners = selectRunners(loaded.config.runners, options.names, options.configPath);
  const systemId = await runnerSystemId(options.stateDir);
  const results: VerifiedRunner[] = [];
  for (const runner of runners) {
    try {
      const verified = await verifyRunner(gitlabApi(runner.url), runner.token, systemId);
      results.push({
        name: runner.name,
        url: runner.url,
        state: "valid",
        tokenExpiresAt: verified.tokenExpiresAt ?? runner.tokenExpiresAt,
        detail: undefined,
      });
    } catch (error: unknown) {
      if (!isAirlockError(error) || error.code !== "AIRLOCK_E_GITLAB_FORBIDDEN") throw error;
      results.push({
        name: runner.name,
        url: runner.url,
        state: options.deleteInvalid ? "removed" : "invalid",
        tokenExpiresAt: runner.tokenExpiresAt,
        detail: error.message,
      });
    }
  }
  const removed = new Set(results.filter((r) => r.state === "removed").map((r) => r.name));
  if (removed.size > 0) {
    const tree = withoutRunners(loaded.tree, (name) => removed.has(name));
    await writeConfigFile(options.configPath, renderRunnerConfig(tree));
  }
  return results;
}
