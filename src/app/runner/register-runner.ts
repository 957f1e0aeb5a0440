import { AirlockError } from "../../core/airlock-error.js";
import type { ConfigProblem } from "../../config/config-problems.js";
import { renderRunnerConfig, withRunner } from "../../config/edit-runner-config.js";
import { parseRunnerConfig } from "../../config/parse-runner-config.js";
import { writeConfigFile } from "../../config/write-config-file.js";
import { gitlabApi } from "../../gitlab/gitlab-api.js";
import { registerRunner as registerWithToken, verifyRunner } from "../../gitlab/runner-api.js";
import { airlockRunnerInfo } from "../../gitlab/runner-info.js";
import { airlockVersion } from "./airlock-version.js";
import { loadRunnerConfig } from "./load-runner-config.js";
import { runnerSystemId } from "./runner-system-id.js";

export interface RegisterOptions {
  readonly configPath: string;
  readonly stateDir: string;
  readonly url: string;
  readonly name: string;
  /** A runner authentication token (`glrt-...`) made in GitLab; or `registrationToken`. */
  readonly token: string | undefined;
  /** The legacy flow: GitLab makes the runner from these settings. */
  readonly registrationToken: string | undefined;
  readonly legacy: {
    readonly tags: readonly string[];
    readonly runUntagged: boolean;
    readonly locked: boolean;
    readonly accessLevel: "not_protected" | "ref_protected";
    readonly maximumTimeout: number | undefined;
    readonly paused: boolean;
  };
}

export interface Registered {
  readonly name: string;
  readonly id: number | undefined;
  readonly systemId: string;
  readonly tokenExpiresAt: string | undefined;
  /** Settings in the existing config that have no effect in airlock. */
  readonly warnings: readonly ConfigProblem[];
}

/**
 * `airlock register`: checks the token with GitLab (`/runners/verify` with this machine's
 * system_id; the legacy flow first creates the runner with `POST /runners`), then adds a
 * `[[runners]]` to the configuration and writes it atomically with mode 0600. Nothing is
 * written when GitLab refuses.
 */
export async function registerRunner(options: RegisterOptions): Promise<Registered> {
  if ((options.token === undefined) === (options.registrationToken === undefined)) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      "give --token or --registration-token (one of them)",
      {
        fix: "create the runner in GitLab (Settings > CI/CD > Runners > New runner) and pass its glrt- token with --token",
      },
    );
  }
  if (!/^https?:\/\/[^/]/.test(options.url)) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `--url "${options.url}" is not an http:// or https:// URL`,
      {
        fix: "give GitLab's address, e.g. --url https://gitlab.example.com",
      },
    );
  }
  const loaded = await loadRunnerConfig(options.configPath, true);
  if (loaded.config.runners.some((runner) => runner.name === options.name)) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `${options.configPath} already has a runner named "${options.name}"`,
      {
        fix: `choose another --name, or remove it first with airlock unregister --name "${options.name}"`,
      },
    );
  }
  const systemId = await runnerSystemId(options.stateDir);
  const api = gitlabApi(options.url);
  const obtainedAt = new Date();
  let credentials =
    options.registrationToken === undefined
      ? undefined
      : await registerWithToken(api, options.registrationToken, {
          description: options.name,
          ...options.legacy,
          info: airlockRunnerInfo(airlockVersion),
        });
  const verified = await verifyRunner(api, credentials?.token ?? options.token ?? "", systemId);
  credentials = { ...verified, id: verified.id ?? credentials?.id };
  const tree = withRunner(loaded.tree, {
    name: options.name,
    id: credentials.id,
    url: api.url,
    token: credentials.token,
    tokenObtainedAt: obtainedAt,
    tokenExpiresAt:
      credentials.tokenExpiresAt === undefined ? undefined : new Date(credentials.tokenExpiresAt),
  });
  const text = renderRunnerConfig(tree);
  // What is written must read back as valid: never leave a config the runner refuses.
  parseRunnerConfig(text, options.configPath);
  await writeConfigFile(options.configPath, text);
  return {
    name: options.name,
    id: credentials.id,
    systemId,
    tokenExpiresAt: credentials.tokenExpiresAt,
    warnings: loaded.warnings,
  };
}
