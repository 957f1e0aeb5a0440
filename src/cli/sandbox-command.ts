import { Command, Option } from "commander";
import { boundedNetwork } from "../app/bounded-network.js";
import { runInSandbox } from "../app/run-in-sandbox.js";
import { sweepOrphans } from "../app/sweep-orphans.js";
import { AirlockError } from "../core/airlock-error.js";
import { stderrLogger, type Logger } from "../core/logger.js";
import { parseDurationMs, parseSizeMiB } from "../core/size-units.js";
import { defaultSize, makeSandboxSpec, type CapabilityProfile } from "../sandbox/sandbox-spec.js";
import { parseNetworkPolicy } from "../sandbox/network/parse-network-policy.js";

interface RunFlags {
  readonly image: string;
  readonly cpus: string;
  readonly memory: string;
  readonly disk: string;
  readonly pids: string;
  readonly profile: CapabilityProfile;
  readonly timeout?: string;
  readonly env: readonly string[];
  readonly network: string;
  readonly allow?: string;
  readonly backend: "container" | "microvm";
  readonly allowTcg?: boolean;
}

export function registerSandbox(program: Command): void {
  const sandbox = program
    .command("sandbox")
    .description("run one command in a fresh sandbox, or clean up");
  sandbox
    .command("run")
    .description("run CMD in a fresh hardened sandbox, stream its output, exit with its status")
    .argument("<cmd...>", "the command and its arguments (put them after --)")
    .option("--image <name>", "image to run (see `airlock image ls`)", "default")
    .option("--cpus <n>", "CPU limit (cores, may be fractional)", String(defaultSize.cpus))
    .option(
      "--memory <size>",
      "memory limit, no swap beyond it (e.g. 512m, 4g)",
      `${defaultSize.memoryMiB}m`,
    )
    .option(
      "--disk <size>",
      "what the command can write (root overlay), e.g. 10g",
      `${defaultSize.diskMiB}m`,
    )
    .option("--pids <n>", "process limit", String(defaultSize.pids))
    .addOption(
      new Option("--profile <profile>", "capabilities inside the sandbox")
        .choices(["default", "strict"])
        .default("default"),
    )
    .addOption(
      new Option("--backend <backend>", "container (hardened runc) or microvm (a QEMU VM)")
        .choices(["container", "microvm"])
        .default("container"),
    )
    .option(
      "--allow-tcg",
      "microvm: where KVM cannot boot a guest, emulate the CPU in software (slow) instead of refusing",
    )
    .option("--timeout <duration>", "wall-clock limit, e.g. 90s, 10m (default: none)")
    .option("-e, --env <KEY=VALUE>", "environment variable (repeatable)", collect, [])
    .addOption(
      new Option("--network <policy>", "what the command can reach")
        .choices(["none", "internet", "allowlist"])
        .default("internet"),
    )
    .option(
      "--allow <list>",
      "with --network allowlist: host[:ports][/tcp|/udp], CIDR or *.domain, comma-separated (e.g. registry.npmjs.org:443,10.1.0.0/16)",
    )
    .addHelpText(
      "after",
      "\nNetwork policies: none (loopback only), internet (NAT out; the host, other sandboxes,\nprivate ranges and cloud metadata dropped), allowlist (only what --allow lists).\n\nExit status: the command's own; 124 when --timeout ends it; 137 when it is killed\nfor exceeding --memory (reported as out of memory).\n\nBackends: container (default) shares the host's kernel behind a user namespace, seccomp\nand no capabilities; microvm boots a QEMU microVM with Debian's cloud kernel (KVM, or\nTCG with --allow-tcg), under the same network policies.\n\nExamples:\n  airlock sandbox run --memory 1g --timeout 5m -- sh -c 'id && uname -a'\n  airlock sandbox run --backend microvm --allow-tcg --network none -- uname -a",
    )
    .action(async (cmd: string[], flags: RunFlags, command: Command) => {
      const verbose = command.optsWithGlobals<{ verbose?: boolean }>().verbose === true;
      process.exitCode = await sandboxRun(cmd, flags, stderrLogger(verbose));
    });
  sandbox
    .command("gc")
    .description("remove every sandbox resource whose owning airlock process is gone")
    .action(async () => {
      const report = await sweepOrphans();
      for (const line of report.removed) process.stdout.write(`removed ${line}\n`);
      process.stdout.write(`swept ${report.sandboxes.length} orphaned sandbox(es)\n`);
      if (report.leftovers.length > 0) {
        throw new AirlockError(
          "AIRLOCK_E_CLEANUP_INCOMPLETE",
          `could not remove: ${report.leftovers.join(", ")}`,
        );
      }
    });
}

async function sandboxRun(
  cmd: readonly string[],
  flags: RunFlags,
  logger: Logger,
): Promise<number> {
  const cpus = Number(flags.cpus);
  const pids = Number(flags.pids);
  if (!(cpus > 0))
    throw new AirlockError("AIRLOCK_E_USAGE", `--cpus: "${flags.cpus}" is not a positive number`);
  if (!Number.isInteger(pids) || pids < 1) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `--pids: "${flags.pids}" is not a positive whole number`,
    );
  }
  const size = {
    cpus,
    pids,
    memoryMiB: parseSizeMiB(flags.memory, "--memory"),
    diskMiB: parseSizeMiB(flags.disk, "--disk"),
  };
  if (flags.allow !== undefined && flags.network !== "allowlist") {
    throw new AirlockError("AIRLOCK_E_USAGE", "--allow needs --network allowlist", {
      fix: "add --network allowlist, or drop --allow",
    });
  }
  const network = await boundedNetwork(
    [],
    flags.image,
    { level: "--network", policy: parseNetworkPolicy(flags.network, flags.allow) },
    (line) => process.stderr.write(`airlock: ${line}\n`),
  );
  if (flags.allowTcg === true && flags.backend !== "microvm") {
    throw new AirlockError("AIRLOCK_E_USAGE", "--allow-tcg needs --backend microvm", {
      fix: "add --backend microvm, or drop --allow-tcg",
    });
  }
  const spec = makeSandboxSpec({
    backend: flags.backend,
    network,
    image: flags.image,
    size,
    capabilities: flags.profile,
    env: parseEnv(flags.env),
  });
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const timeoutMs =
      flags.timeout === undefined ? undefined : parseDurationMs(flags.timeout, "--timeout");
    const result = await runInSandbox({
      spec,
      argv: cmd,
      signal: abort.signal,
      logger,
      allowTcg: flags.allowTcg === true,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      onOutput: (stream, chunk) =>
        (stream === "stdout" ? process.stdout : process.stderr).write(chunk),
    });
    switch (result.end) {
      case "timeout":
        process.stderr.write(
          `airlock: timed out after ${flags.timeout ?? "?"}: every process of the command was killed\n`,
        );
        return 124;
      case "oom":
        process.stderr.write(
          `airlock: killed: out of memory (limit ${size.memoryMiB} MiB, no swap); raise --memory\n`,
        );
        return 137;
      case "aborted":
        process.stderr.write("airlock: interrupted; the sandbox was destroyed\n");
        return 130;
      default:
        return result.exitCode;
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function parseEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new AirlockError("AIRLOCK_E_USAGE", `--env: "${pair}" is not KEY=VALUE`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
