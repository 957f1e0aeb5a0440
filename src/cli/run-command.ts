import { Command, Option } from "commander";
import { runLocalPipeline, type LocalRunOptions } from "../app/run/run-local-pipeline.js";
import { AirlockError } from "../core/airlock-error.js";
import { stderrLogger } from "../core/logger.js";

interface RunFlags {
  readonly needs?: boolean;
  readonly stage?: string;
  readonly variable: readonly string[];
  readonly secret: readonly string[];
  readonly manual: readonly string[];
  readonly list?: boolean;
  readonly preview?: boolean;
  readonly plain?: boolean;
  readonly backend: "container" | "microvm";
  readonly allowTcg?: boolean;
  readonly network: "none" | "internet" | "allowlist";
  readonly allow?: string;
  readonly file: string;
  readonly concurrency?: string;
  readonly image: string;
  readonly ignoreImages?: boolean;
  readonly artifactsToSource?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run this repository's .gitlab-ci.yml locally, every job in its own fresh sandbox")
    .argument("[job...]", "run only these jobs (default: the whole pipeline)")
    .option("--needs", "with JOB names: also run the jobs they need, transitively")
    .option("--stage <stage>", "run only the jobs of this stage")
    .option(
      "--variable <KEY=VALUE>",
      "a pipeline variable (repeatable; highest precedence)",
      collect,
      [],
    )
    .option(
      "--secret <NAME[=VALUE]>",
      "a masked pipeline variable (repeatable): its value, taken from the environment variable NAME when not given, is replaced by [MASKED] in every log",
      collect,
      [],
    )
    .option("--manual <job>", "start this manual job too (repeatable)", collect, [])
    .option("--list", "list the jobs with stage, when, needs and allow_failure; run nothing")
    .option("--preview", "print the fully expanded pipeline YAML; run nothing")
    .option("--plain", "plain '<job> > <line>' output even on a terminal")
    .addOption(
      new Option(
        "--backend <backend>",
        "sandbox kind for every job: container, or microvm (a QEMU VM per job)",
      )
        .choices(["container", "microvm"])
        .default("container"),
    )
    .option(
      "--allow-tcg",
      "microvm: where KVM cannot boot a guest, emulate the CPU in software (slow) instead of refusing",
    )
    .addOption(
      new Option(
        "--network <policy>",
        "the most any job can reach (a job narrows it with AIRLOCK_NETWORK)",
      )
        .choices(["none", "internet", "allowlist"])
        .default("internet"),
    )
    .option(
      "--allow <list>",
      "with --network allowlist: what jobs may reach (see `airlock sandbox run --help`)",
    )
    .option("--file <path>", "the pipeline file, relative to the repository root", ".gitlab-ci.yml")
    .option("--concurrency <n>", "jobs running at once (default: what fits the host)")
    .option("--image <name>", "the airlock image for jobs without image:", "default")
    .option(
      "--ignore-images",
      "run jobs that name an OCI image: in --image instead, and without their services:, each with a warning (nothing is pulled)",
    )
    .option(
      "--artifacts-to-source",
      "at the end, copy every job's artifacts into the work tree (by default nothing is written there)",
    )
    .addHelpText(
      "after",
      "\nEach job runs in a fresh sandbox sized by its airlock-<n>cpu-<n>gb tags (else 2 CPUs, 4 GiB),\nfrom a snapshot of the work tree taken at start (a depth-20 git checkout of HEAD with\nuncommitted and untracked, not ignored, files on top). Artifacts are kept under the run's\ndirectory (printed at the end), never written into the work tree unless\n--artifacts-to-source. Exit status: 0 when the pipeline passed (or is blocked by a manual\njob), 1 when it failed, 65 when the YAML is invalid, 130 when interrupted.\n\nExamples:\n  airlock run                      # the whole pipeline\n  airlock run test --needs         # test and what it needs\n  airlock run --list\n  airlock run --secret API_TOKEN   # masked, value from the environment\n",
    )
    .action(async (jobs: string[], flags: RunFlags, command: Command) => {
      const verbose = command.optsWithGlobals<{ verbose?: boolean }>().verbose === true;
      if (flags.allow !== undefined && flags.network !== "allowlist") {
        throw new AirlockError("AIRLOCK_E_USAGE", "--allow needs --network allowlist", {
          fix: "add --network allowlist, or drop --allow",
        });
      }
      const options: LocalRunOptions = {
        directory: process.cwd(),
        file: flags.file,
        jobs,
        withNeeds: flags.needs === true,
        stage: flags.stage,
        variables: [
          ...flags.variable.map((pair) => ({ ...parseVariable(pair), masked: false })),
          ...flags.secret.map((spec) => ({ ...parseSecret(spec), masked: true })),
        ],
        manual: flags.manual,
        mode: flags.list === true ? "list" : flags.preview === true ? "preview" : "run",
        plain: flags.plain === true || !process.stdout.isTTY,
        backend: flags.backend,
        allowTcg: flags.allowTcg === true,
        network: {
          policy: flags.network,
          allow: flags.allow === undefined ? [] : flags.allow.split(","),
        },
        concurrency:
          flags.concurrency === undefined ? undefined : parseConcurrency(flags.concurrency),
        defaultImage: flags.image,
        ignoreImages: flags.ignoreImages === true,
        artifactsToSource: flags.artifactsToSource === true,
        logger: stderrLogger(verbose),
      };
      process.exitCode = await runLocalPipeline(options);
    });
}

function parseVariable(pair: string): { name: string; value: string } {
  const eq = pair.indexOf("=");
  if (eq < 1) {
    throw new AirlockError("AIRLOCK_E_USAGE", `--variable: "${pair}" is not KEY=VALUE`);
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}

/** `NAME=VALUE`, or `NAME` whose value is the environment's (so it stays out of shell history). */
function parseSecret(spec: string): { name: string; value: string } {
  const { name, value } = spec.includes("=")
    ? parseVariable(spec)
    : { name: spec, value: process.env[spec] };
  if (value === undefined) {
    throw new AirlockError("AIRLOCK_E_USAGE", `--secret ${name}: the environment has no ${name}`, {
      fix: `export ${name}=... first, or write --secret ${name}=VALUE`,
    });
  }
  if (value.length < 8 || /[\s]/.test(value)) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `--secret ${name}: a masked value needs at least 8 characters and no spaces or line breaks (GitLab's rule), got ${String(value.length)} characters`,
    );
  }
  return { name, value };
}

function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `--concurrency: "${text}" is not a positive whole number`,
    );
  }
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
