import { AirlockError, isAirlockError } from "../core/airlock-error.js";
import type { SandboxSizeConfig } from "../config/runner-config.js";
import type { JobSize } from "../job/job-spec.js";
import { sizeFromTags } from "../pipeline/job/size-from-tags.js";

/** The size of a runner's sandboxes and what was cut to fit `max` (one line per dimension). */
export interface RunnerJobSize {
  readonly size: JobSize;
  readonly capped: readonly string[];
}

/**
 * Every job of a runner gets the size its size tag asks for (`<prefix>4cpu-8gb`, the
 * grammar of `airlock run`'s tags), dimensions no tag names from `defaults`, each capped at
 * `max`. A malformed size tag is a configuration error (AIRLOCK_E_RUNNER_CONFIG).
 */
export function runnerJobSize(
  runner: string,
  tags: readonly string[],
  prefix: string,
  defaults: SandboxSizeConfig,
  max: SandboxSizeConfig,
): RunnerJobSize {
  let asked: Partial<JobSize>;
  try {
    asked = sizeFromTags(tags, prefix);
  } catch (error: unknown) {
    if (!isAirlockError(error)) throw error;
    throw new AirlockError(
      "AIRLOCK_E_RUNNER_CONFIG",
      `runner "${runner}": [runners.airlock] tags: ${error.message}`,
      { fix: `write size tags as ${prefix}4cpu-8gb or ${prefix}2cpu-512mb-20gb-disk` },
    );
  }
  const wanted: JobSize = { ...defaults, ...asked };
  const capped: string[] = [];
  const cap = (key: keyof JobSize, unit: string): number => {
    if (wanted[key] <= max[key]) return wanted[key];
    capped.push(
      `${key} ${wanted[key]}${unit} asked by ${asked[key] === undefined ? "default_size" : "a tag"}, capped at max_size ${max[key]}${unit}`,
    );
    return max[key];
  };
  return {
    size: {
      cpus: cap("cpus", ""),
      memoryMiB: cap("memoryMiB", " MiB"),
      diskMiB: cap("diskMiB", " MiB"),
    },
    capped,
  };
}
