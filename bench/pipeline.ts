// Pipeline benchmark: a whole .gitlab-ci.yml run by `airlock run` (every job in a fresh
// sandbox) and by gitlab-ci-local (shell executor on the host), interleaved in one run, on
// throw-away git repositories. Prints one JSON document on stdout (progress on stderr) and
// never asserts on time: "airlock no slower than gitlab-ci-local" is reported as met or not.
//
//   bash bench/run pipeline [--iterations N] [--warmup N] [--pipelines a,b] [--timeout S]
import { FlagReader, UsageError } from "./flag-reader.js";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, release, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { projectIdentity } from "../src/pipeline/predefined/project-identity.js";
import { slugify } from "../src/pipeline/predefined/slugify.js";
import { statePath } from "../src/core/state-dir.js";
import {
  Cleanup,
  errorMessage,
  lastLines,
  round,
  runChecked,
  runProcess,
  summarize,
  type Summary,
} from "./bench-support.js";

/** The peer's version, pinned: installed on demand by bench/run outside the repository. */
const gitlabCiLocalVersion = "4.73.0";
const defaultGitlabCiLocal =
  "/var/cache/airlock-bench/gitlab-ci-local/node_modules/.bin/gitlab-ci-local";

const toolNames = ["airlock", "gitlab-ci-local"] as const;
type ToolName = (typeof toolNames)[number];

interface Options {
  readonly iterations: number;
  readonly warmup: number;
  readonly pipelines: readonly PipelineName[];
  readonly timeoutS: number;
  readonly airlockCli: string;
  readonly gitlabCiLocal: string;
}

const usage =
  "usage: bash bench/run pipeline [--iterations N (5)] [--warmup N (1)]\n" +
  "                               [--pipelines trivial-20,dag-3-stage] [--timeout SECONDS per run (600)]\n" +
  "                               [--airlock-cli dist/cli/main.js] [--gitlab-ci-local PATH]\n";

function parseOptions(argv: readonly string[]): Options {
  let iterations = 5;
  let warmup = 1;
  let pipelines: readonly PipelineName[] = pipelineNames;
  let timeoutS = 600;
  let airlockCli = resolve("dist/cli/main.js");
  let gitlabCiLocal = defaultGitlabCiLocal;
  const flags = new FlagReader(argv);
  for (let flag = flags.next(); flag !== undefined; flag = flags.next()) {
    switch (flag) {
      case "--iterations":
        iterations = flags.count(1);
        break;
      case "--warmup":
        warmup = flags.count(0);
        break;
      case "--pipelines":
        pipelines = flags.subset(pipelineNames, "pipeline(s)");
        break;
      case "--timeout":
        timeoutS = flags.count(1);
        break;
      case "--airlock-cli":
        airlockCli = resolve(flags.value());
        break;
      case "--gitlab-ci-local":
        gitlabCiLocal = resolve(flags.value());
        break;
      case "--help":
      case "-h":
        process.stdout.write(usage);
        process.exit(0);
        break;
      default:
        throw flags.unknown();
    }
  }
  return { iterations, warmup, pipelines, timeoutS, airlockCli, gitlabCiLocal };
}

// ---------------------------------------------------------------------------------------
// The pipelines. Every job runs under airlock's default image (bash, coreutils, git, grep,
// sed, mawk) and under gitlab-ci-local's shell executor on the host, so the scripts stick
// to POSIX sh, coreutils, mawk-compatible awk and git, with LC_ALL=C for byte-wise sorting.

const pipelineNames = ["trivial-20", "dag-3-stage"] as const;
type PipelineName = (typeof pipelineNames)[number];

interface PipelineSpec {
  readonly description: string;
  readonly jobs: readonly string[];
  readonly stages: number;
  readonly yaml: string;
  /** Commits in the repository's history (the last one adds .gitlab-ci.yml). */
  readonly commits: number;
}

function trivialPipeline(): PipelineSpec {
  const jobs = Array.from({ length: 20 }, (_, i) => `echo-${String(i + 1).padStart(2, "0")}`);
  const yaml = [
    "stages: [test]",
    "",
    ...jobs.flatMap((job) => [`${job}:`, "  stage: test", "  script:", `    - echo "${job}"`, ""]),
  ].join("\n");
  return {
    description: "20 jobs in one stage, each `echo`s one line",
    jobs,
    stages: 1,
    yaml,
    commits: 1,
  };
}

/**
 * Three stages wired by `needs`: generate (numbers and words with seq/awk, ~6 and ~2 MB, and
 * `git log` over the repository's 50 commits), process (sort, sha256sum, wc, grep on the
 * files the generate jobs pass as artifacts, the sorted 6 MB file passed on again) and
 * aggregate (checks the passed checksums and counts, writes a report). Any wrong or missing
 * artifact fails the pipeline.
 */
function dagPipeline(): PipelineSpec {
  const yaml = String.raw`stages: [generate, process, aggregate]

variables:
  LC_ALL: C

make-numbers:
  stage: generate
  needs: []
  script:
    - mkdir -p data
    - |
      seq 1 300000 | awk 'BEGIN { OFS = "," } { print $1, ($1 * 7919) % 1000003, $1 % 97, ($1 % 3 == 0 ? "fizz" : "buzz") }' > data/numbers.csv
    - wc -c data/numbers.csv
  artifacts:
    paths: [data/numbers.csv]

make-words:
  stage: generate
  needs: []
  script:
    - mkdir -p data
    - seq 1 250000 | awk '{ w = ""; n = $1; do { w = w sprintf("%c", 97 + n % 26); n = int(n / 26) } while (n > 0); print w, length(w), $1 % 13 }' > data/words.txt
    - wc -c data/words.txt
  artifacts:
    paths: [data/words.txt]

git-history:
  stage: generate
  needs: []
  script:
    - git log --oneline > history.txt
    - git log -5 --format='%h %an %s' -- history.log
    - test -s history.txt
  artifacts:
    paths: [history.txt]

sort-numbers:
  stage: process
  needs: [make-numbers]
  script:
    - sort -t, -k2,2n -k1,1n data/numbers.csv > sorted.csv
    - wc -l < sorted.csv > sorted.count
    - sha256sum sorted.csv > sorted.sha256
    - head -3 sorted.csv
  artifacts:
    paths: [sorted.csv, sorted.count, sorted.sha256]

fizz-stats:
  stage: process
  needs: [make-numbers]
  script:
    - grep -c ',fizz$' data/numbers.csv > fizz.count
    - awk -F, '{ n[$3]++ } END { for (k in n) print k, n[k] }' data/numbers.csv | sort -n > buckets.txt
    - wc -l < buckets.txt
  artifacts:
    paths: [fizz.count, buckets.txt]

word-stats:
  stage: process
  needs: [make-words]
  script:
    - awk '{ print $2 }' data/words.txt | sort | uniq -c > lengths.txt
    - sort data/words.txt | sha256sum > words.sha256
    - grep -c '^z' data/words.txt > z.count
    - cat lengths.txt
  artifacts:
    paths: [lengths.txt, words.sha256, z.count]

history-stats:
  stage: process
  needs: [git-history]
  script:
    - wc -l < history.txt > commits.count
    - grep -c 'change' history.txt > changes.count
  artifacts:
    paths: [commits.count, changes.count]

report:
  stage: aggregate
  needs: [sort-numbers, fizz-stats, word-stats, history-stats]
  script:
    - sha256sum -c sorted.sha256
    - test "$(cat sorted.count)" -eq 300000
    - test "$(cat fizz.count)" -eq 100000
    - test "$(wc -l < buckets.txt)" -eq 97
    - test "$(awk '{ s += $1 } END { print s }' lengths.txt)" -eq 250000
    - test "$(cat commits.count)" -ge 1
    - test "$(cat changes.count)" -ge 1
    - printf 'rows %s\nfizz %s\nwords %s\nz %s\ncommits %s\n' "$(cat sorted.count)" "$(cat fizz.count)" "$(cut -c1-16 words.sha256)" "$(cat z.count)" "$(cat commits.count)" > report.txt
    - cat report.txt
  artifacts:
    paths: [report.txt]
`;
  return {
    description:
      "3 stages wired by needs, 8 jobs: seq/awk make ~6 MB and ~2 MB of data and `git log` reads a " +
      "50-commit history; sort, sha256sum, wc, grep and awk process the files passed as artifacts; " +
      "a last job checks the checksums and counts it is passed and writes a report",
    jobs: [
      "make-numbers",
      "make-words",
      "git-history",
      "sort-numbers",
      "fizz-stats",
      "word-stats",
      "history-stats",
      "report",
    ],
    stages: 3,
    yaml,
    commits: 50,
  };
}

const pipelineSpecs: Readonly<Record<PipelineName, () => PipelineSpec>> = {
  "trivial-20": trivialPipeline,
  "dag-3-stage": dagPipeline,
};

// ---------------------------------------------------------------------------------------

interface Repository {
  readonly name: PipelineName;
  readonly spec: PipelineSpec;
  readonly dir: string;
  /** `<state>/runs/<project slug>`: where airlock keeps this project's runs. */
  readonly airlockRunsDir: string;
  readonly airlockCacheDir: string;
}

/**
 * A git repository with the pipeline, `spec.commits` commits and an `origin` remote that is
 * never contacted (it gives airlock a project slug of this run's own, and gitlab-ci-local the
 * remote data it looks for). `.gitlab-ci-local/` is ignored, so airlock's snapshot of the work
 * tree never copies gitlab-ci-local's state.
 */
async function makeRepository(
  workDir: string,
  name: PipelineName,
  spec: PipelineSpec,
): Promise<Repository> {
  const dir = join(workDir, name);
  await mkdir(dir);
  const git = (...args: string[]): Promise<unknown> =>
    runChecked(
      ["git", "-c", "user.name=bench", "-c", "user.email=bench@airlock.invalid", ...args],
      { cwd: dir },
    );
  await git("init", "--quiet", "--initial-branch=main");
  await writeFile(join(dir, ".gitignore"), ".gitlab-ci-local/\n");
  await writeFile(
    join(dir, "README.md"),
    `# ${name}\n\nA throw-away repository of bench/pipeline.\n`,
  );
  for (let i = 1; i < spec.commits; i++) {
    await writeFile(join(dir, "history.log"), `change ${i}\n`, { flag: "a" });
    await git("add", "history.log", "README.md", ".gitignore");
    await git("commit", "--quiet", "-m", `change ${i}`);
  }
  await writeFile(join(dir, ".gitlab-ci.yml"), spec.yaml);
  await git("add", "--all");
  await git("commit", "--quiet", "-m", `add the ${name} pipeline`);
  const remote = `https://gitlab.invalid/airlock-bench-${process.pid}/${name}.git`;
  await git("remote", "add", "origin", remote);
  await git("update-ref", "refs/remotes/origin/main", "HEAD");
  await git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
  const slug = slugify(projectIdentity(remote, name).path) || "project";
  return {
    name,
    spec,
    dir,
    airlockRunsDir: statePath("runs", slug),
    airlockCacheDir: statePath("cache", slug),
  };
}

// ---------------------------------------------------------------------------------------

interface RunOutcome {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
  readonly output: string;
  readonly timedOut: boolean;
}

/**
 * One tool run, timed from spawn to exit. The child leads a process group of its own: a
 * timeout or a stop first sends SIGTERM to it (airlock then tears its sandboxes down), then,
 * 30 s later, SIGKILL to the whole group; after it exits, the group is killed too, so a job's
 * stray background process cannot outlive the run.
 */
function runTool(
  argv: readonly string[],
  cwd: string,
  timeoutMs: number,
  inFlight: { child: ChildProcess | undefined },
  onSpawn: (pid: number) => void,
): Promise<RunOutcome> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error("runTool: empty argv"));
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(file, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    inFlight.child = child;
    if (child.pid !== undefined) onSpawn(child.pid);
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer): void => {
      if (size < 4 * 1024 * 1024) chunks.push(chunk);
      size += chunk.length;
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      stopChild(child);
    }, timeoutMs);
    let ms = 0;
    child.on("exit", () => {
      ms = performance.now() - start;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      inFlight.child = undefined;
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      killGroup(child);
      inFlight.child = undefined;
      resolvePromise({
        exitCode,
        signal,
        ms: ms || performance.now() - start,
        output: Buffer.concat(chunks).toString("utf8"),
        timedOut,
      });
    });
    function stopChild(target: ChildProcess): void {
      target.kill("SIGTERM");
      killTimer = setTimeout(() => {
        killGroup(target);
      }, 30_000);
    }
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    /* the group is gone */
  }
}

interface Tool {
  readonly name: ToolName;
  readonly command: (repo: Repository) => readonly string[];
  /** Untimed, after each run: throws unless its output shows every job passed. */
  readonly check: (repo: Repository, output: string) => void;
}

/** The first lines that name an error or a failed job, then the last lines of the output. */
function failureLines(output: string): string {
  const lines = output.trim().split("\n");
  const errors = lines
    .filter((l) => /error|FAIL|failed/i.test(l) && !/^\s+at /.test(l))
    .slice(0, 4);
  return [...errors, ...lines.slice(-3)].join(" | ");
}

/** Every job has a ` PASS  <job>` line in both tools' final summaries. */
function checkAllPassed(repo: Repository, output: string): void {
  const missing = repo.spec.jobs.filter(
    (job) => !new RegExp(`^\\s*PASS\\s+${job.replace(/[-]/g, "\\-")}(\\s|$)`, "m").test(output),
  );
  if (missing.length > 0)
    throw new Error(`exit 0, but no PASS for ${missing.join(", ")}: ${lastLines(output, 5)}`);
}

/**
 * airlock's default concurrency (src/app/run/run-local-pipeline.ts, `defaultConcurrency`),
 * mirrored here so gitlab-ci-local gets the same number of jobs at once.
 */
function airlockDefaultConcurrency(): number {
  const byMemory = Math.floor(totalmem() / (2 * 1024 ** 3));
  return Math.max(2, Math.min(availableParallelism() * 2, byMemory));
}

function makeTools(options: Options, concurrency: number): readonly Tool[] {
  return [
    {
      name: "airlock",
      command: () => [process.execPath, options.airlockCli, "run", "--plain", "--network", "none"],
      check: (repo, output) => {
        checkAllPassed(repo, output);
        const runDir = /artifacts in (\S+)\/artifacts\s*$/m.exec(output)?.[1];
        if (runDir === undefined || !runDir.startsWith(`${repo.airlockRunsDir}/`))
          throw new Error(
            `exit 0, but no run directory under ${repo.airlockRunsDir} in its output: ${lastLines(output)}`,
          );
      },
    },
    {
      name: "gitlab-ci-local",
      command: () => [
        process.execPath,
        options.gitlabCiLocal,
        "--shell-executor-no-image",
        "--shell-isolation",
        "--no-artifacts-to-source",
        "--concurrency",
        String(concurrency),
        "--no-color",
        "--no-timestamps",
      ],
      check: checkAllPassed,
    },
  ];
}

type ToolResult = (Summary & { readonly command: string }) | { readonly error: string };

// ---------------------------------------------------------------------------------------

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Container sandboxes whose record names one of the airlock processes this run started. */
async function sandboxesOf(
  pids: ReadonlySet<number>,
): Promise<{ id: string; slot: number; networkSlot: number | undefined }[]> {
  const [{ sandboxesDir }, { readRecord }] = await Promise.all([
    import("../src/sandbox/container/container-paths.js"),
    import("../src/sandbox/container/sandbox-record.js"),
  ]);
  const found: { id: string; slot: number; networkSlot: number | undefined }[] = [];
  for (const id of await readdir(sandboxesDir()).catch(() => [])) {
    const record = await readRecord(join(sandboxesDir(), id));
    if (record !== undefined && pids.has(record.owner.pid))
      found.push({ id, slot: record.slot, networkSlot: record.networkSlot });
  }
  return found;
}

/** Tears down what an airlock run that was stopped or killed left (its own teardown did not). */
async function removeSandboxesOf(pids: ReadonlySet<number>): Promise<void> {
  const { teardownContainer } = await import("../src/sandbox/container/teardown.host.js");
  for (const { id, slot, networkSlot } of await sandboxesOf(pids)) {
    const report = await teardownContainer(id, { slot, networkSlot });
    progress(`bench: removed sandbox ${id} left by an airlock run`);
    if (report.leftovers.length > 0)
      throw new Error(`sandbox ${id} left: ${report.leftovers.join(", ")}`);
  }
}

async function leftovers(
  workDir: string,
  repos: readonly Repository[],
  airlockPids: ReadonlySet<number>,
  groups: ReadonlySet<number>,
): Promise<string[]> {
  const left: string[] = [];
  if (existsSync(workDir)) left.push(`directory ${workDir}`);
  for (const repo of repos) {
    if (existsSync(repo.airlockRunsDir)) left.push(`airlock run directory ${repo.airlockRunsDir}`);
    if (existsSync(repo.airlockCacheDir)) left.push(`airlock cache ${repo.airlockCacheDir}`);
  }
  for (const { id } of await sandboxesOf(airlockPids).catch(() => []))
    left.push(`airlock sandbox ${id}`);
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 0);
      left.push(`process group ${pgid}`);
    } catch {
      /* gone, as it should be */
    }
  }
  return left;
}

async function firstLine(argv: string[]): Promise<string | null> {
  try {
    const r = await runProcess(argv);
    return (r.stdout || r.stderr).trim().split("\n")[0] ?? null;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${usage}`);
    return 2;
  }
  const concurrency = airlockDefaultConcurrency();
  const airlockPids = new Set<number>();
  const groups = new Set<number>();
  const inFlight: { child: ChildProcess | undefined } = { child: undefined };
  const cleanup = new Cleanup();
  cleanup.installSignalHandlers();
  const onStop = (): void => {
    // The tool in flight is in a process group of its own (no terminal signal reaches it):
    // ask it to stop; runTool kills its group once it exited.
    inFlight.child?.kill("SIGTERM");
  };
  process.on("SIGINT", onStop);
  process.on("SIGTERM", onStop);

  const workDir = await mkdtemp(join(tmpdir(), "airlock-bench-pipeline-"));
  const repos: Repository[] = [];
  // Newest first at the end: stop the run in flight, tear down sandboxes, drop airlock's run
  // directories of the temp projects, then the temp dir.
  cleanup.add(`directory ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  cleanup.add("airlock run directories", async () => {
    for (const repo of repos) {
      await rm(repo.airlockRunsDir, { recursive: true, force: true });
      await rm(repo.airlockCacheDir, { recursive: true, force: true });
    }
  });
  cleanup.add("airlock sandboxes", () => removeSandboxesOf(airlockPids));
  cleanup.add("the run in flight", async () => {
    const child = inFlight.child;
    if (child === undefined) return;
    child.kill("SIGTERM");
    await new Promise<void>((done) => {
      const timer = setTimeout(() => {
        killGroup(child);
        done();
      }, 30_000);
      child.once("close", () => {
        clearTimeout(timer);
        done();
      });
    });
  });

  const tools = makeTools(options, concurrency);
  const results = new Map<string, ToolResult>();
  const samples = new Map<string, number[]>();
  const key = (pipeline: PipelineName, tool: ToolName): string => `${pipeline}\u0000${tool}`;
  let completed = 0;
  let setupError: string | undefined;
  try {
    for (const tool of [options.airlockCli, options.gitlabCiLocal])
      if (!existsSync(tool))
        throw new Error(`${tool} does not exist (bash bench/run pipeline builds and installs it)`);
    const version = (await firstLine([process.execPath, options.gitlabCiLocal, "--version"])) ?? "";
    if (version !== gitlabCiLocalVersion)
      throw new Error(`gitlab-ci-local is ${version}, want ${gitlabCiLocalVersion}`);
    for (const name of options.pipelines) {
      repos.push(await makeRepository(workDir, name, pipelineSpecs[name]()));
      for (const tool of tools) samples.set(key(name, tool.name), []);
    }
    progress(
      `bench: ${repos.length} repositories in ${workDir}; concurrency ${concurrency} for both tools`,
    );

    const rounds = options.warmup + options.iterations;
    for (let r = 0; r < rounds && !cleanup.stopRequested(); r++) {
      const line: string[] = [];
      for (const [p, repo] of repos.entries()) {
        // Alternate which tool goes first, so neither drift nor a warm page cache favours one.
        const order = (r + p) % 2 === 0 ? tools : [...tools].reverse();
        for (const tool of order) {
          const k = key(repo.name, tool.name);
          if (cleanup.stopRequested() || results.has(k)) continue;
          let outcome: RunOutcome;
          try {
            outcome = await runTool(
              tool.command(repo),
              repo.dir,
              options.timeoutS * 1000,
              inFlight,
              (pid) => {
                groups.add(pid);
                if (tool.name === "airlock") airlockPids.add(pid);
              },
            );
          } catch (error: unknown) {
            results.set(k, { error: `round ${r}: cannot start: ${errorMessage(error)}` });
            continue;
          }
          if (cleanup.stopRequested()) break;
          try {
            if (outcome.timedOut) throw new Error(`took over ${options.timeoutS} s`);
            if (outcome.exitCode !== 0)
              throw new Error(
                `${outcome.exitCode === null ? `signal ${outcome.signal ?? "?"}` : `exit ${outcome.exitCode}`}: ${failureLines(outcome.output)}`,
              );
            tool.check(repo, outcome.output);
            if (r >= options.warmup) samples.get(k)?.push(outcome.ms);
            line.push(`${repo.name}/${tool.name} ${outcome.ms.toFixed(0)}ms`);
          } catch (error: unknown) {
            results.set(k, { error: `round ${r}: ${errorMessage(error)}` });
            progress(
              `bench: ${repo.name}/${tool.name} failed, dropped from the run: ${errorMessage(error)}`,
            );
          }
          if (tool.name === "airlock") {
            // Each run keeps its artifacts under <state>/runs/<slug>/<id>: drop them (untimed).
            for (const entry of await readdir(repo.airlockRunsDir).catch(() => []))
              await rm(join(repo.airlockRunsDir, entry), { recursive: true, force: true });
          }
        }
      }
      if (r >= options.warmup) completed++;
      const label =
        r < options.warmup
          ? `warm-up ${r + 1}/${options.warmup}`
          : `iteration ${r - options.warmup + 1}/${options.iterations}`;
      progress(`bench: ${label}: ${line.join(", ")}`);
    }
  } catch (error: unknown) {
    setupError = errorMessage(error);
    progress(`bench: ${setupError}`);
  } finally {
    process.off("SIGINT", onStop);
    process.off("SIGTERM", onStop);
    await cleanup.runAll();
  }
  if (cleanup.stopRequested()) {
    progress(`bench: interrupted after ${completed} iterations; cleaned up, no results printed`);
    return 130;
  }

  const commands: Record<ToolName, string> = {
    airlock: `node ${options.airlockCli} run --plain --network none`,
    "gitlab-ci-local": [
      `node ${options.gitlabCiLocal}`,
      `--shell-executor-no-image --shell-isolation --no-artifacts-to-source`,
      `--concurrency ${concurrency} --no-color --no-timestamps`,
    ].join(" "),
  };
  const pipelines: Record<string, unknown> = {};
  let allMet: boolean | null = true;
  for (const name of options.pipelines) {
    const spec = pipelineSpecs[name]();
    const perTool: Partial<Record<ToolName, ToolResult>> = {};
    for (const tool of toolNames) {
      const k = key(name, tool);
      const taken = samples.get(k) ?? [];
      perTool[tool] =
        setupError !== undefined
          ? { error: setupError }
          : (results.get(k) ??
            (taken.length > 0
              ? { ...summarize(taken), command: commands[tool] }
              : { error: "no samples" }));
    }
    const median = (tool: ToolName): number | undefined => {
      const r = perTool[tool];
      return r !== undefined && "medianMs" in r ? r.medianMs : undefined;
    };
    const a = median("airlock");
    const g = median("gitlab-ci-local");
    const ratio = a !== undefined && g !== undefined && g > 0 ? round(a / g) : null;
    const met = ratio === null ? null : ratio <= 1;
    if (met === null) allMet = null;
    else if (allMet !== null) allMet = allMet && met;
    pipelines[name] = {
      description: spec.description,
      jobs: spec.jobs.length,
      stages: spec.stages,
      results: perTool,
      "ratio airlock/gitlab-ci-local": ratio,
      met,
    };
  }
  const document = {
    benchmark: "pipeline: a whole .gitlab-ci.yml, `airlock run` against gitlab-ci-local",
    iterations: options.iterations,
    warmup: options.warmup,
    target: "airlock no slower than gitlab-ci-local",
    met: allMet,
    pipelines,
    concurrency: {
      airlock: concurrency,
      "gitlab-ci-local": concurrency,
      how: "airlock's default (max(2, min(2 x cpus, memory / 2 GiB))); gitlab-ci-local is given the same with --concurrency",
    },
    tools: {
      airlock: `${options.airlockCli} (built from this tree by bench/run): every job in a fresh container sandbox of the default image, network none`,
      "gitlab-ci-local": `${gitlabCiLocalVersion}: shell executor on the host, each job in its own copy of the repository (--shell-isolation), its state dir kept between runs as in everyday use`,
    },
    host: {
      cpus: cpus().length,
      memoryGiB: round(totalmem() / 1024 ** 3, 1),
      kernel: release(),
      node: process.version,
      git: await firstLine(["git", "--version"]),
      rsync: await firstLine(["rsync", "--version"]),
    },
    leftovers: await leftovers(workDir, repos, airlockPids, groups),
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  return setupError === undefined ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
