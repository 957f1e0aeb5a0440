import { isAirlockError } from "../core/airlock-error.js";
import { parseSizeMiB } from "../core/size-units.js";
import { checkConfigKeys } from "./check-config-keys.js";
import { tableAt, valueAt, type DocPath } from "./config-doc.js";
import type { ConfigProblems } from "./config-problems.js";
import { runnerConfigDefaults } from "./runner-config.js";
import type { AirlockSettings, SandboxSizeConfig } from "./runner-config.js";
import { describe, TomlFields } from "./toml-fields.js";

const defaults = runnerConfigDefaults.airlock;

/**
 * `[runners.airlock]` at `path`: backend, sizes, size tag prefix, network policy, default
 * image; absent keys take the defaults (`max_size` keeps only what it sets: the rest is the
 * host's, see maxSizeOn). `default_size` may not exceed what `max_size` sets.
 */
export function readAirlockSettings(
  root: unknown,
  path: DocPath,
  problems: ConfigProblems,
): AirlockSettings {
  const fields = new TomlFields(root, problems);
  const table = tableAt(root, path);
  if (table !== undefined) {
    checkConfigKeys(
      table,
      path,
      {
        supported: new Set([
          "backend",
          "default_size",
          "max_size",
          "size_tag_prefix",
          "tags",
          "network",
          "allow",
          "default_image",
        ]),
        unused: new Set(),
        unusedReason: "",
      },
      problems,
    );
  }
  const maxSize = readSize(root, [...path, "max_size"], problems);
  const defaultSize = {
    ...defaults.defaultSize,
    ...readSize(root, [...path, "default_size"], problems),
  };
  for (const key of ["cpus", "memoryMiB", "diskMiB"] as const) {
    const max = maxSize[key];
    if (max !== undefined && defaultSize[key] > max) {
      problems.error(
        [...path, "default_size"],
        `its ${key === "cpus" ? "CPU count" : key === "memoryMiB" ? "memory" : "disk"} (${defaultSize[key]}${key === "cpus" ? "" : " MiB"}) exceeds max_size (${max}${key === "cpus" ? "" : " MiB"})`,
      );
    }
  }
  const network = fields.choice([...path, "network"], ["none", "internet", "allowlist"]);
  const allow = fields.strings([...path, "allow"]);
  if (allow.length > 0 && network !== "allowlist") {
    problems.error(
      [...path, "allow"],
      'is only read with network = "allowlist": set that, or remove allow',
    );
  }
  const prefix = fields.string([...path, "size_tag_prefix"]);
  if (prefix === "") problems.error([...path, "size_tag_prefix"], "must not be empty");
  return {
    backend: fields.choice([...path, "backend"], ["container", "microvm"]) ?? defaults.backend,
    defaultSize,
    maxSize,
    sizeTagPrefix: prefix === undefined || prefix === "" ? defaults.sizeTagPrefix : prefix,
    tags: fields.strings([...path, "tags"]),
    network: network ?? defaults.network,
    allow,
    defaultImage: fields.string([...path, "default_image"]) ?? defaults.defaultImage,
  };
}

/**
 * `{cpus = 4, memory = "8g", disk = "20g"}`; memory and disk also as a number of MiB. Only
 * the keys present and valid (an invalid one is an error in `problems`).
 */
function readSize(
  root: unknown,
  path: DocPath,
  problems: ConfigProblems,
): Partial<SandboxSizeConfig> {
  const table = tableAt(root, path);
  if (table === undefined) {
    if (valueAt(root, path) !== undefined)
      problems.error(path, "expected a table with cpus, memory, disk");
    return {};
  }
  checkConfigKeys(
    table,
    path,
    { supported: new Set(["cpus", "memory", "disk"]), unused: new Set(), unusedReason: "" },
    problems,
  );
  const mib = (key: "memory" | "disk"): number | undefined => {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
    if (typeof value !== "string") {
      problems.error(
        [...path, key],
        `expected a size such as "8g" or "512m", got ${describe(value)}`,
      );
      return undefined;
    }
    try {
      return parseSizeMiB(value, key);
    } catch (error: unknown) {
      if (!isAirlockError(error)) throw error;
      problems.error([...path, key], `expected a size such as "8g" or "512m", got "${value}"`);
      return undefined;
    }
  };
  const cpus = new TomlFields(root, problems).integer([...path, "cpus"], 1);
  const memoryMiB = mib("memory");
  const diskMiB = mib("disk");
  return {
    ...(cpus === undefined ? {} : { cpus }),
    ...(memoryMiB === undefined ? {} : { memoryMiB }),
    ...(diskMiB === undefined ? {} : { diskMiB }),
  };
}
