// Where airlock's sandbox lifecycle spends its time: runs "create, exec `true`, destroy" on
// the container backend with every host program airlock starts timed (child_process.spawn
// is wrapped from here, src/ is untouched), and prints one JSON document: the three calls,
// each host command (calls and milliseconds per lifecycle, medians) and the time spent in
// Node itself between commands. A diagnostic companion of sandbox-lifecycle.ts, run apart
// from it so the wrapping never touches the comparison.
//
//   bash bench/run phases [--iterations N] [--warmup N] [--image NAME]
import type { ChildProcess } from "node:child_process";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { basename } from "node:path";
import { errorMessage, round, runProcess, summarize } from "./bench-support.js";

interface Span {
  readonly label: string;
  readonly start: number;
  end: number;
}

let spans: Span[] = [];

/** "runc exec", "mount -t overlay", "mkfs.ext4": enough of argv to tell the steps apart. */
function labelOf(file: string, args: readonly string[]): string {
  const name = basename(file);
  if (name === "runc" || name === "crun") {
    // Skip global options and their values: `runc --log FILE run ...` is "runc run".
    const withValue = new Set(["--log", "--log-format", "--root", "--criu", "--rootless"]);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? "";
      if (!arg.startsWith("-")) return `${name} ${arg}`;
      if (withValue.has(arg)) i++;
    }
    return name;
  }
  if (name === "losetup") {
    const action = args.find((a) => ["--detach", "--associated", "--find", "--list"].includes(a));
    return `losetup ${action ?? args[0] ?? ""}`.trim();
  }
  if (name === "mount") {
    if (args.includes("-t")) return `mount -t ${args[args.indexOf("-t") + 1] ?? "?"}`;
    if (args.includes("--bind")) return "mount --bind";
    if (args.some((a) => a.startsWith("loop"))) return "mount -o loop";
  }
  if (name.startsWith("rootfs-mount")) return "rootfs-mount";
  return name;
}

function installSpawnTracer(): void {
  // The CommonJS module object is the writable one; syncBuiltinESMExports() then makes every
  // ESM `import { spawn } from "node:child_process"` see the wrapper too.
  const childProcess = createRequire(import.meta.url)("node:child_process") as {
    spawn: unknown;
  };
  const original = childProcess.spawn;
  const traced = (...params: unknown[]): ChildProcess => {
    const [file, maybeArgs] = params;
    const args = Array.isArray(maybeArgs) ? (maybeArgs as string[]) : [];
    const span: Span = { label: labelOf(String(file), args), start: performance.now(), end: -1 };
    spans.push(span);
    const child = (original as (...p: unknown[]) => ChildProcess)(...params);
    // "close" (all stdio closed) is when airlock's own code sees the command end.
    child.once("close", () => {
      span.end = performance.now();
    });
    return child;
  };
  childProcess.spawn = traced;
  syncBuiltinESMExports();
}

/** Milliseconds covered by at least one span inside [from, to]. */
function coveredMs(list: readonly Span[], from: number, to: number): number {
  const parts = list
    .map((s) => [Math.max(from, s.start), Math.min(to, s.end < 0 ? to : s.end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = from;
  for (const [a, b] of parts) {
    if (b <= reach) continue;
    total += b - Math.max(a, reach);
    reach = b;
  }
  return total;
}

function parse(argv: readonly string[]): { iterations: number; warmup: number; image: string } {
  const options = { iterations: 20, warmup: 3, image: "default" };
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${argv[i] ?? ""} needs a value`);
    if (argv[i] === "--iterations") options.iterations = Number(value);
    else if (argv[i] === "--warmup") options.warmup = Number(value);
    else if (argv[i] === "--image") options.image = value;
    else throw new Error(`unknown argument ${argv[i] ?? ""}`);
  }
  if (!Number.isInteger(options.iterations) || options.iterations < 1)
    throw new Error("bad --iterations");
  if (!Number.isInteger(options.warmup) || options.warmup < 0) throw new Error("bad --warmup");
  return options;
}

type Phase = "create" | "exec" | "destroy";

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  // What starting one trivial host program costs from Node here: the unit of most steps.
  const spawnTrue: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await runProcess(["true"]);
    spawnTrue.push(performance.now() - t);
  }
  installSpawnTracer();
  const [{ containerBackend }, { makeSandboxSpec }] = await Promise.all([
    import("../src/sandbox/container/container-backend.js"),
    import("../src/sandbox/sandbox-spec.js"),
  ]);
  const backend = containerBackend();
  const spec = makeSandboxSpec({
    image: options.image,
    size: { cpus: 1, memoryMiB: 256, diskMiB: 1024, pids: 256 },
  });
  const phaseMs: Record<Phase | "total" | "inNode", number[]> = {
    create: [],
    exec: [],
    destroy: [],
    total: [],
    inNode: [],
  };
  /** Per command label: [phase, ms per lifecycle[], calls per lifecycle[]]. */
  const commands = new Map<string, { phase: Phase; ms: number[]; calls: number[] }>();
  let stop = false;
  const stopRequested = (): boolean => stop;
  const onSignal = (): void => {
    stop = true;
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  for (let round = 0; round < options.warmup + options.iterations && !stopRequested(); round++) {
    spans = [];
    const t0 = performance.now();
    const sandbox = await backend.create(spec);
    const t1 = performance.now();
    let t2 = t1;
    try {
      const result = await sandbox.exec(["true"], { timeoutMs: 60_000 });
      t2 = performance.now();
      if (result.exitCode !== 0)
        throw new Error(`exec(["true"]) ended ${result.end} ${result.exitCode}`);
    } finally {
      await sandbox.destroy();
    }
    const t3 = performance.now();
    const measured = round >= options.warmup;
    process.stderr.write(
      `phases: ${measured ? `iteration ${round - options.warmup + 1}` : "warm-up"}: create ${(t1 - t0).toFixed(1)}ms, exec ${(t2 - t1).toFixed(1)}ms, destroy ${(t3 - t2).toFixed(1)}ms\n`,
    );
    if (!measured) continue;
    phaseMs.create.push(t1 - t0);
    phaseMs.exec.push(t2 - t1);
    phaseMs.destroy.push(t3 - t2);
    phaseMs.total.push(t3 - t0);
    phaseMs.inNode.push(t3 - t0 - coveredMs(spans, t0, t3));
    const bounds: [Phase, number, number][] = [
      ["create", t0, t1],
      ["exec", t1, t2],
      ["destroy", t2, t3],
    ];
    const seen = new Map<string, { ms: number; calls: number }>();
    for (const span of spans) {
      const phase = bounds.find(([, a, b]) => span.start >= a && span.start < b)?.[0] ?? "destroy";
      const key = `${phase}: ${span.label}`;
      const entry = seen.get(key) ?? { ms: 0, calls: 0 };
      entry.ms += (span.end < 0 ? t3 : span.end) - span.start;
      entry.calls += 1;
      seen.set(key, entry);
      if (!commands.has(key)) commands.set(key, { phase, ms: [], calls: [] });
    }
    for (const [key, c] of commands) {
      const s = seen.get(key) ?? { ms: 0, calls: 0 };
      c.ms.push(s.ms);
      c.calls.push(s.calls);
    }
  }
  if (phaseMs.total.length === 0)
    throw new Error("interrupted before the first measured iteration");
  const median = (xs: number[]): number => summarize(xs).medianMs;
  const rows = [...commands.entries()]
    .map(([key, c]) => ({
      step: key,
      callsPerLifecycle: median(c.calls),
      medianMsPerLifecycle: median(c.ms),
    }))
    .sort((a, b) => b.medianMsPerLifecycle - a.medianMsPerLifecycle);
  const document = {
    benchmark: "airlock container lifecycle, phase breakdown (spawn-traced)",
    iterations: phaseMs.total.length,
    lifecycle: summarize(phaseMs.total),
    phases: {
      createMs: median(phaseMs.create),
      execMs: median(phaseMs.exec),
      destroyMs: median(phaseMs.destroy),
      inNodeMs: median(phaseMs.inNode),
    },
    hostCommands: rows,
    hostCommandsPerLifecycle: round(
      rows.reduce((n, r) => n + r.callsPerLifecycle, 0),
      1,
    ),
    spawnTrueFromNodeMs: summarize(spawnTrue),
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`phases: ${errorMessage(error)}\n`);
  process.exitCode = 1;
});
