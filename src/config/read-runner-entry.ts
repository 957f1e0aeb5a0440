import { checkConfigKeys } from "./check-config-keys.js";
import { tableAt, type DocPath } from "./config-doc.js";
import type { ConfigProblems } from "./config-problems.js";
import { gitlabRunnerKnownKeys as known } from "./gitlab-runner-known-keys.js";
import { readAirlockSettings } from "./read-airlock-settings.js";
import { refuseIsolationBreakers } from "./refuse-isolation-breakers.js";
import { runnerConfigDefaults, type DockerSettings, type RunnerEntry } from "./runner-config.js";
import { TomlFields } from "./toml-fields.js";

const runnerKeys = new Set([
  "name",
  "id",
  "url",
  "token",
  "token_obtained_at",
  "token_expires_at",
  "limit",
  "request_concurrency",
  "output_limit",
  "environment",
  "executor",
  "docker",
  "airlock",
]);
const dockerKeys = new Set([
  "image",
  "pull_policy",
  "allowed_pull_policies",
  "allowed_images",
  "allowed_services",
]);
const pullPolicies = ["always", "if-not-present", "never"];

/** One `[[runners]]` table (`runners[index]`); problems are recorded, never thrown. */
export function readRunnerEntry(
  root: unknown,
  index: number,
  problems: ConfigProblems,
): RunnerEntry | undefined {
  const base: DocPath = ["runners", index];
  const table = tableAt(root, base);
  if (table === undefined) {
    problems.error(base, "expected a [[runners]] table");
    return undefined;
  }
  const fields = new TomlFields(root, problems);
  checkConfigKeys(
    table,
    base,
    {
      supported: runnerKeys,
      unused: known.runner,
      unusedReason:
        "airlock runs every job in its own sandbox and decides this itself (docs/runner.md lists the keys it reads)",
    },
    problems,
  );
  const required = (key: string): string => {
    const value = fields.string([...base, key]);
    if (value === undefined || value === "") {
      problems.error(
        [...base, key],
        `is required${key === "token" ? " (airlock register writes it)" : ""}`,
      );
    }
    return value ?? "";
  };
  const url = required("url");
  if (url !== "" && !/^https?:\/\/[^/]/.test(url)) {
    problems.error([...base, "url"], `expected an http:// or https:// URL, got "${url}"`);
  }
  const executor = fields.string([...base, "executor"]) ?? "airlock";
  if (executor !== "airlock" && executor !== "docker") {
    problems.error(
      [...base, "executor"],
      `"${executor}" is not what airlock does: airlock runs every job in a fresh sandbox of its own. Set executor = "airlock" (or keep "docker": [runners.docker] image and pull settings are honoured)`,
    );
  }
  const environment = fields.strings([...base, "environment"]).flatMap((entry) => {
    const equals = entry.indexOf("=");
    if (equals > 0) return [{ name: entry.slice(0, equals), value: entry.slice(equals + 1) }];
    problems.error([...base, "environment"], `"${entry}" is not NAME=VALUE`);
    return [];
  });
  return {
    name: fields.string([...base, "name"]) ?? `runner-${index + 1}`,
    id: fields.integer([...base, "id"], 0),
    url: url.replace(/\/+$/, ""),
    token: required("token"),
    tokenObtainedAt: fields.timestamp([...base, "token_obtained_at"]),
    tokenExpiresAt: fields.timestamp([...base, "token_expires_at"]),
    limit: fields.integer([...base, "limit"], 0) ?? runnerConfigDefaults.limit,
    requestConcurrency:
      fields.integer([...base, "request_concurrency"], 1) ??
      runnerConfigDefaults.requestConcurrency,
    outputLimitKiB:
      fields.integer([...base, "output_limit"], 1) ?? runnerConfigDefaults.outputLimitKiB,
    environment,
    executor: executor === "docker" ? "docker" : "airlock",
    docker: readDocker(root, [...base, "docker"], problems),
    airlock: readAirlockSettings(root, [...base, "airlock"], problems),
  };
}

function readDocker(root: unknown, path: DocPath, problems: ConfigProblems): DockerSettings {
  const table = tableAt(root, path);
  const fields = new TomlFields(root, problems);
  if (table !== undefined) {
    const handled = refuseIsolationBreakers(root, path, problems);
    checkConfigKeys(
      table,
      path,
      {
        supported: new Set([...dockerKeys, ...handled]),
        unused: known.docker,
        unusedReason:
          "airlock makes the sandbox itself (size from [runners.airlock] and tags, its own network and hardening)",
      },
      problems,
    );
  }
  const policies = (key: string): readonly string[] => {
    const values = fields.strings([...path, key], true);
    for (const value of values) {
      if (!pullPolicies.includes(value)) {
        problems.error([...path, key], `expected ${pullPolicies.join(", ")}, got "${value}"`);
      }
    }
    return values;
  };
  return {
    image: fields.string([...path, "image"]),
    pullPolicy: policies("pull_policy"),
    allowedPullPolicies: policies("allowed_pull_policies"),
    allowedImages: fields.strings([...path, "allowed_images"]),
    allowedServices: fields.strings([...path, "allowed_services"]),
  };
}
