import { setTimeout as sleep } from "node:timers/promises";
import { AirlockError } from "../../core/airlock-error.js";
import type { Sandbox } from "../../sandbox/sandbox.js";
import { listeningPorts } from "./listening-ports.js";
import type { PreparedService } from "./prepare-service.js";

/** Read with shell builtins only, so any job image with a sh can answer. */
const readTcpTables =
  'for f in /proc/net/tcp /proc/net/tcp6; do [ -r "$f" ] || continue; while IFS= read -r l; do printf "%s\\n" "$l"; done < "$f"; done';

/** The most of a service's output kept for its log (the end of it). */
const maxLogBytes = 64 * 1024;

export interface ServiceWait {
  /** GitLab's wait_for_services_timeout (serviceWaitTimeout); 0: do not wait. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Masks secrets in the service's log before it reaches the job's log. */
  readonly mask: (text: string) => string;
}

/**
 * Starts each service in a sibling of the job's `sandbox` (same network namespace, its own
 * image), its command running in the background until the sandbox is destroyed, then waits
 * (bounded by `wait.timeoutMs`) until every service's ports accept connections on the shared
 * loopback (LISTEN in the kernel's table, read from the job's sandbox). A service that ends
 * or is not listening in time gets GitLab's warning with its log, and the job goes on, as
 * GitLab's does. Precondition: the caller destroys `sandbox` whatever this throws.
 */
export async function startServices(
  sandbox: Sandbox,
  services: readonly PreparedService[],
  log: (line: string) => void,
  wait: ServiceWait,
): Promise<void> {
  if (services.length === 0) return;
  if (sandbox.createSibling === undefined) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `the ${sandbox.spec.backend} backend cannot run services yet (${services.map((s) => s.name).join(", ")})`,
      { fix: "run the job with --backend container, or with --ignore-images to skip services" },
    );
  }
  const running = [];
  for (const service of services) {
    const sibling = await sandbox.createSibling({
      image: service.image,
      hostNames: service.hostNames,
      env: {},
    });
    const state = { output: Buffer.alloc(0), exit: undefined as string | undefined };
    void sibling
      .exec(service.argv, {
        env: service.env,
        cwd: service.cwd,
        ...(service.runAs === undefined ? {} : { user: service.runAs }),
        onOutput: (_stream, chunk) => {
          const all = Buffer.concat([state.output, chunk]);
          state.output = all.length > maxLogBytes ? all.subarray(all.length - maxLogBytes) : all;
        },
      })
      .then(
        (result) => (state.exit = `${result.end} with code ${result.exitCode}`),
        (error: unknown) => (state.exit = `failed: ${String(error)}`),
      );
    log(`Service ${service.name} started as ${service.hostNames.join(", ")}`);
    running.push({ service, state });
  }
  const waiting = running.filter((r) => r.service.ports.length > 0);
  if (waiting.length === 0 || wait.timeoutMs <= 0) return;
  log(`Waiting for services to be up and running (timeout ${wait.timeoutMs / 1000} seconds)...`);
  const deadline = Date.now() + wait.timeoutMs;
  let pending = waiting;
  const ended: typeof waiting = [];
  while (pending.length > 0 && Date.now() < deadline && wait.signal?.aborted !== true) {
    const listening = await listeningNow(sandbox);
    pending = pending.filter((r) => !r.service.ports.every((p) => listening.includes(p)));
    ended.push(...pending.filter((r) => r.state.exit !== undefined));
    pending = pending.filter((r) => r.state.exit === undefined);
    if (pending.length > 0) await sleep(100);
  }
  for (const { service, state } of [...ended, ...pending]) {
    const why =
      state.exit === undefined
        ? `port(s) ${service.ports.join(", ")} did not accept connections within ${wait.timeoutMs / 1000} seconds`
        : `it ended (${state.exit}) before port(s) ${service.ports.join(", ")} accepted connections`;
    log("");
    log(`*** WARNING: Service ${service.name} probably didn't start properly.`);
    log("");
    log(`Health check error: ${why}`);
    log("");
    log("Service container logs:");
    for (const line of wait.mask(state.output.toString("utf8")).split("\n")) {
      if (line !== "") log(line);
    }
    log("");
    log("*********");
  }
}

async function listeningNow(sandbox: Sandbox): Promise<readonly number[]> {
  const chunks: Buffer[] = [];
  await sandbox.exec(["sh", "-c", readTcpTables], {
    onOutput: (stream, chunk) => {
      if (stream === "stdout") chunks.push(chunk);
    },
    timeoutMs: 10_000,
  });
  return listeningPorts(Buffer.concat(chunks).toString("utf8"));
}
