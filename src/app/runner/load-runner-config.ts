import { readFile } from "node:fs/promises";
import { AirlockError } from "../../core/airlock-error.js";
import { parseRunnerConfig, type ParsedRunnerConfig } from "../../config/parse-runner-config.js";

/** Where `register`, `verify`, `unregister` (and the runner) keep their configuration. */
export const defaultRunnerConfigPath = "/etc/airlock/config.toml";

/**
 * Reads and validates the runner configuration at `path`. A missing file is an empty
 * configuration when `missingIsEmpty` (register creates it), else a user error.
 */
export async function loadRunnerConfig(
  path: string,
  missingIsEmpty: boolean,
): Promise<ParsedRunnerConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error: unknown) {
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    if (code === "ENOENT" && missingIsEmpty) return parseRunnerConfig("", path);
    if (code === "ENOENT") {
      throw new AirlockError("AIRLOCK_E_RUNNER_CONFIG", `${path} does not exist`, {
        fix: "register a runner first (airlock register --url URL --token glrt-...), or name the file with --config",
      });
    }
    throw new AirlockError("AIRLOCK_E_RUNNER_CONFIG", `${path} cannot be read: ${String(error)}`, {
      fix: "run as root, or name a readable file with --config",
      cause: error,
    });
  }
  return parseRunnerConfig(text, path);
}
