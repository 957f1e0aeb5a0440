import { AirlockError, isAirlockError } from "../core/airlock-error.js";
import { runCommand } from "../core/run-command.host.js";
import { explainBuildFailure, logTail } from "./build-failure.js";
import { recipeSources, type ImageRecipe } from "./image-recipe.js";

/** An hour: a large package set over a slow mirror; a hung mirror still ends the build. */
const buildTimeoutMs = 60 * 60 * 1000;

/** The mmdebstrap command line that builds `recipe` into the directory `target` (must not exist). */
export function mmdebstrapArgv(recipe: ImageRecipe, target: string): string[] {
  return [
    "mmdebstrap",
    // As root, unshare mode keeps root ownership but runs in its own mount namespace: the
    // /proc, /sys and /dev mounts of the build vanish with it even if airlock is killed.
    "--mode=unshare",
    "--format=directory",
    `--variant=${recipe.variant}`,
    ...(recipe.packages.length > 0 ? [`--include=${recipe.packages.join(",")}`] : []),
    ...recipe.aptOptions.map((option) => `--aptopt=${option}`),
    recipe.suite,
    target,
    ...recipeSources(recipe),
  ];
}

/**
 * Runs mmdebstrap and returns its log. A failure becomes AIRLOCK_E_IMAGE_BUILD_FAILED whose
 * message says the cause (e.g. which package does not exist) and ends with the log's tail.
 */
export async function runMmdebstrap(
  recipe: ImageRecipe,
  target: string,
  imageName: string,
): Promise<string> {
  const argv = mmdebstrapArgv(recipe, target);
  const result = await runCommand(argv, {
    env: { ...process.env, LC_ALL: "C.UTF-8", LANGUAGE: "" },
    timeoutMs: buildTimeoutMs,
  }).catch((error: unknown) => {
    if (isAirlockError(error) && error.code === "AIRLOCK_E_HOST_MISSING") {
      throw new AirlockError(
        "AIRLOCK_E_HOST_MISSING",
        "mmdebstrap is not installed; it builds images",
        {
          fix: "run `apt-get install mmdebstrap` (or `airlock doctor --fix`)",
          cause: error,
        },
      );
    }
    throw error;
  });
  const log = `${result.stdout}${result.stderr}`;
  if (result.exitCode === 0) return log;
  const ended =
    result.signal === null ? `exit ${result.exitCode ?? "?"}` : `killed by ${result.signal}`;
  const { summary, fix } = explainBuildFailure(log, recipe, imageName);
  throw new AirlockError(
    "AIRLOCK_E_IMAGE_BUILD_FAILED",
    `building image ${imageName} failed: ${summary}\n` +
      `--- last lines of mmdebstrap's output (${ended}) ---\n${logTail(log)}\n---`,
    { fix },
  );
}
