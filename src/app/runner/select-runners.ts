import { AirlockError } from "../../core/airlock-error.js";
import type { RunnerEntry } from "../../config/runner-config.js";

/** The runners `names` selects (all when empty); an unknown name is a user error. */
export function selectRunners(
  runners: readonly RunnerEntry[],
  names: readonly string[],
  configPath: string,
): readonly RunnerEntry[] {
  for (const name of names) {
    if (!runners.some((runner) => runner.name === name)) {
      throw new AirlockError("AIRLOCK_E_USAGE", `${configPath} has no runner named "${name}"`, {
        fix: `the runners there are: ${runners.map((r) => `"${r.name}"`).join(", ") || "none"}`,
      });
    }
  }
  return names.length === 0 ? runners : runners.filter((runner) => names.includes(runner.name));
}
