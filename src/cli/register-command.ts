import { hostname } from "node:os";
import { Option, type Command } from "commander";
import { defaultRunnerConfigPath } from "../app/runner/load-runner-config.js";
import { registerRunner } from "../app/runner/register-runner.js";
import { formatConfigProblem } from "../config/config-problems.js";
import { AirlockError } from "../core/airlock-error.js";
import { stateDir } from "../core/state-dir.js";

interface RegisterFlags {
  readonly url?: string;
  readonly token?: string;
  readonly registrationToken?: string;
  readonly name?: string;
  readonly config: string;
  readonly tagList?: string;
  readonly runUntagged?: boolean;
  readonly locked: boolean;
  readonly accessLevel: "not_protected" | "ref_protected";
  readonly maximumTimeout?: string;
  readonly paused?: boolean;
}

/** `airlock register`: connect this machine to a GitLab runner and write the config. */
export function registerRegister(program: Command): void {
  program
    .command("register")
    .description("connect this machine to a runner in GitLab and add it to the runner config")
    .option("--url <url>", "GitLab's address, e.g. https://gitlab.example.com (env CI_SERVER_URL)")
    .option(
      "--token <glrt-token>",
      "the runner authentication token made in GitLab (env CI_SERVER_TOKEN)",
    )
    .option("--registration-token <token>", "legacy: a registration token (env REGISTRATION_TOKEN)")
    .option("--name <name>", "the runner's name in the config (default: this host's name)")
    .option("--config <path>", "the runner configuration file", defaultRunnerConfigPath)
    .option("--tag-list <tags>", "legacy flow: the runner's tags, comma-separated")
    .option("--run-untagged", "legacy flow: also take jobs without tags")
    .option("--no-locked", "legacy flow: let other projects use this project runner")
    .addOption(
      new Option("--access-level <level>", "legacy flow: which refs' jobs it takes")
        .choices(["not_protected", "ref_protected"])
        .default("not_protected"),
    )
    .option("--maximum-timeout <seconds>", "legacy flow: the longest job timeout it accepts")
    .option("--paused", "legacy flow: create the runner paused")
    .addHelpText(
      "after",
      "\nCreate the runner in GitLab first (Admin area, or a group's or project's Settings >\n" +
        "CI/CD > Runners > New runner; tags and protection are set there) and pass its glrt- token.\n" +
        "Tokens are read from the environment when not given, to keep them out of shell history.\n\n" +
        "Examples:\n  airlock register --url https://gitlab.example.com --token glrt-xxxxxxxxxxxxxxxxxxxx\n" +
        "  REGISTRATION_TOKEN=... airlock register --url https://gitlab.example.com --tag-list airlock-4cpu-8gb",
    )
    .action(async (flags: RegisterFlags) => {
      /** An environment variable; empty counts as unset. */
      const env = (name: string): string | undefined => process.env[name] || undefined;
      const maximumTimeout =
        flags.maximumTimeout === undefined ? undefined : Number(flags.maximumTimeout);
      if (
        maximumTimeout !== undefined &&
        !(Number.isSafeInteger(maximumTimeout) && maximumTimeout >= 600)
      ) {
        throw new AirlockError(
          "AIRLOCK_E_USAGE",
          `--maximum-timeout "${flags.maximumTimeout ?? ""}" is not a number of seconds of at least 600`,
          {
            fix: "give whole seconds, e.g. --maximum-timeout 3600",
          },
        );
      }
      const registrationToken = flags.registrationToken ?? env("REGISTRATION_TOKEN");
      const token =
        flags.token ?? (registrationToken === undefined ? env("CI_SERVER_TOKEN") : undefined);
      const result = await registerRunner({
        configPath: flags.config,
        stateDir: stateDir(),
        url: flags.url ?? env("CI_SERVER_URL") ?? "",
        name: flags.name ?? hostname(),
        token,
        registrationToken,
        legacy: {
          tags: (flags.tagList ?? "")
            .split(",")
            .map((tag) => tag.trim())
            .filter(Boolean),
          runUntagged: flags.runUntagged === true,
          locked: flags.locked,
          accessLevel: flags.accessLevel,
          maximumTimeout,
          paused: flags.paused === true,
        },
      });
      for (const warning of result.warnings) {
        process.stderr.write(`airlock: warning: ${formatConfigProblem(warning)}\n`);
      }
      process.stdout.write(
        `Runner "${result.name}"${result.id === undefined ? "" : ` (id ${result.id})`} verified with GitLab as manager ${result.systemId}; ` +
          `token ${result.tokenExpiresAt === undefined ? "does not expire" : `expires ${result.tokenExpiresAt}`}.\n` +
          `Saved in ${flags.config} (mode 0600).\n`,
      );
    });
}
