import { AirlockError } from "../../core/airlock-error.js";
import { runCommand } from "../../core/run-command.host.js";

/**
 * `apt-get update` once, then `apt-get install -y --no-install-recommends <packages>`,
 * non-interactively. `log` hears each command before it runs. Needs root.
 */
export async function installPackages(
  packages: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  if (packages.length === 0) return;
  await apt(["apt-get", "update"], log);
  await apt(["apt-get", "install", "-y", "--no-install-recommends", ...packages], log);
}

async function apt(argv: readonly string[], log: (line: string) => void): Promise<void> {
  const command = argv.join(" ");
  log(`running: ${command}`);
  const result = await runCommand(argv, {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.exitCode !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-5).join("\n");
    throw new AirlockError(
      "AIRLOCK_E_PACKAGE_INSTALL_FAILED",
      `\`${command}\` failed (exit ${result.exitCode ?? result.signal ?? "?"}):\n${tail}`,
      {
        fix: `run \`${command}\` by hand to see apt's full output, fix the apt sources, then retry`,
      },
    );
  }
}
