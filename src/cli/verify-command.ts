import type { Command } from "commander";
import { defaultRunnerConfigPath } from "../app/runner/load-runner-config.js";
import { verifyRunners } from "../app/runner/verify-runners.js";
import { AirlockError } from "../core/airlock-error.js";
import { stateDir } from "../core/state-dir.js";

interface VerifyFlags {
  readonly name: string[];
  readonly delete?: boolean;
  readonly config: string;
}

/** `airlock verify [--name N] [--delete]`: are the configured runner tokens still valid? */
export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("check with GitLab that each configured runner's token is still valid")
    .option("--name <name>", "only this runner (repeatable)", collect, [])
    .option("--delete", "remove the runners GitLab refuses from the config")
    .option("--config <path>", "the runner configuration file", defaultRunnerConfigPath)
    .addHelpText(
      "after",
      "\nExit status: 0 when every token is valid (or, with --delete, the refused ones were\n" +
        "removed), 77 when GitLab refused one, 69 when GitLab could not be reached.",
    )
    .action(async (flags: VerifyFlags) => {
      const results = await verifyRunners({
        configPath: flags.config,
        stateDir: stateDir(),
        names: flags.name,
        deleteInvalid: flags.delete === true,
      });
      for (const result of results) {
        const expiry =
          result.tokenExpiresAt === undefined ? "" : `, token expires ${result.tokenExpiresAt}`;
        const state =
          result.state === "valid"
            ? `valid${expiry}`
            : result.state === "removed"
              ? "refused by GitLab: removed from the config"
              : "refused by GitLab";
        process.stdout.write(`${result.name}\t${result.url}\t${state}\n`);
      }
      if (results.length === 0) process.stdout.write(`no runners in ${flags.config}\n`);
      const invalid = results.filter((result) => result.state === "invalid");
      if (invalid.length > 0) {
        throw new AirlockError(
          "AIRLOCK_E_GITLAB_FORBIDDEN",
          `GitLab refused the token of ${invalid.map((r) => `"${r.name}"`).join(", ")}: ${invalid[0]?.detail ?? ""}`,
          {
            fix: "the runner was deleted in GitLab or its token expired or was reset: register it again with a new token, and remove the old entry with airlock verify --delete",
          },
        );
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
