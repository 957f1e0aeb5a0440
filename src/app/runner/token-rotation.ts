import { renderRunnerConfig, withRunnerToken } from "../../config/edit-runner-config.js";
import type { RunnerEntry } from "../../config/runner-config.js";
import { writeConfigFile } from "../../config/write-config-file.js";
import type { Logger } from "../../core/logger.js";
import type { GitlabApi } from "../../gitlab/gitlab-api.js";
import { resetRunnerToken } from "../../gitlab/runner-api.js";
import { loadRunnerConfig } from "./load-runner-config.js";

const hourMs = 3_600_000;
const maxTimerMs = 2 ** 31 - 1;

/**
 * When a runner's token should be rotated: a quarter of its lifetime before it expires (at
 * least an hour before; a day before when its start is unknown), or undefined when it never
 * expires.
 */
export function rotationDueAt(runner: RunnerEntry): number | undefined {
  if (runner.tokenExpiresAt === undefined) return undefined;
  const expires = Date.parse(runner.tokenExpiresAt);
  if (!Number.isFinite(expires) || expires <= 0) return undefined;
  const obtained = runner.tokenObtainedAt === undefined ? NaN : Date.parse(runner.tokenObtainedAt);
  const margin = Number.isFinite(obtained)
    ? Math.max(hourMs, (expires - obtained) / 4)
    : 24 * hourMs;
  return expires - margin;
}

/**
 * Keeps one runner's token fresh while the runner runs: at rotationDueAt it asks GitLab for
 * a new token (`POST /runners/reset_authentication_token`), writes it (with its expiry) into
 * the configuration file, hands it to `use`, and schedules the next rotation. A failed
 * rotation is retried every 10 minutes and logged as a warning. Returns the stop function.
 */
export function keepTokenFresh(
  configPath: string,
  runner: RunnerEntry,
  api: GitlabApi,
  logger: Logger,
  use: (token: string) => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let current = runner;
  let stopped = false;
  const schedule = (at: number | undefined): void => {
    if (stopped || at === undefined) return;
    const wait = Math.min(maxTimerMs, Math.max(0, at - Date.now()));
    timer = setTimeout(() => {
      if (Date.now() < at) schedule(at);
      else void rotate();
    }, wait);
  };
  const rotate = async (): Promise<void> => {
    try {
      const fresh = await resetRunnerToken(api, current.token);
      const obtainedAt = new Date();
      const loaded = await loadRunnerConfig(configPath, false);
      const expiresAt =
        fresh.tokenExpiresAt === undefined ? undefined : new Date(fresh.tokenExpiresAt);
      const tree = withRunnerToken(loaded.tree, runner.name, fresh.token, obtainedAt, expiresAt);
      // The old token is void from here: use the new one even if writing it fails.
      use(fresh.token);
      current = {
        ...current,
        token: fresh.token,
        tokenObtainedAt: obtainedAt.toISOString(),
        tokenExpiresAt: fresh.tokenExpiresAt,
      };
      await writeConfigFile(configPath, renderRunnerConfig(tree));
      logger.info(
        `runner "${runner.name}": token rotated; it expires ${fresh.tokenExpiresAt ?? "never"}`,
      );
      schedule(rotationDueAt(current));
    } catch (error: unknown) {
      logger.warn(
        `runner "${runner.name}": rotating its token failed (retrying in 10 minutes): ${String(error)}`,
      );
      schedule(Date.now() + 10 * 60_000);
    }
  };
  schedule(rotationDueAt(runner));
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
