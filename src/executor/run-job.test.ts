import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JobReport, JobSpec } from "../job/job-spec.js";
import { makeSandboxSpec } from "../sandbox/sandbox-spec.js";
import type { CleanupReport, ExecOptions, ExecResult, Sandbox } from "../sandbox/sandbox.js";
import { jobScript } from "./job-script.js";
import { runJob } from "./run-job.js";

interface Reply {
  readonly result?: ExecResult;
  readonly output?: readonly string[];
}

interface ExecCall {
  readonly argv: readonly string[];
  readonly options: ExecOptions;
}

/** Records every call; exec runs nothing and answers from `respond` or the defaults. */
class FakeSandbox implements Sandbox {
  readonly id = "fake";
  readonly spec = makeSandboxSpec();
  readonly execs: ExecCall[] = [];
  readonly copiedIn: [string, string][] = [];
  readonly copiedOut: [string, string][] = [];
  readonly events: string[] = [];
  destroyed = 0;
  hasBash = true;
  files = new Map<string, string>();
  workspace = "";
  tracked: string[] = [];
  failCopyIn = false;
  failCopyOut = false;

  constructor(private readonly respond: (call: ExecCall) => Reply | undefined = () => undefined) {}

  exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const call = { argv, options };
    this.execs.push(call);
    this.events.push(`exec ${argv[0] ?? ""}`);
    const reply = this.respond(call) ?? this.defaultReply(call);
    for (const chunk of reply.output ?? []) options.onOutput?.("stdout", Buffer.from(chunk));
    return Promise.resolve(reply.result ?? { end: "exited", exitCode: 0 });
  }

  private defaultReply({ argv }: ExecCall): Reply {
    const script = argv[2] ?? "";
    if (script.includes("command -v bash")) {
      return { result: { end: "exited", exitCode: this.hasBash ? 0 : 1 } };
    }
    if (script.includes("find .")) return { output: [this.workspace] };
    if (argv[0] === "git") return { output: [this.tracked.map((p) => `${p}\0`).join("")] };
    if (script.startsWith("test -f")) {
      const content = this.files.get(argv[4] ?? "");
      return content === undefined
        ? { result: { end: "exited", exitCode: 3 } }
        : { output: [content] };
    }
    return {};
  }

  copyIn(
    hostPath: string,
    sandboxPath: string,
    options: { readonly contentsOnly?: boolean } = {},
  ): Promise<void> {
    // A whole directory's contents arrive in one transfer: recorded entry by entry.
    const entries =
      options.contentsOnly === true
        ? readdirSync(hostPath)
            .sort()
            .map((name) => join(hostPath, name))
        : [hostPath];
    for (const entry of entries) this.events.push(`copyIn ${basename(entry)}`);
    if (this.failCopyIn) return Promise.reject(new Error("copyIn failed"));
    for (const entry of entries) this.copiedIn.push([entry, sandboxPath]);
    return Promise.resolve();
  }

  async copyOut(sandboxPath: string, hostDir: string): Promise<void> {
    if (this.failCopyOut) throw new Error("copyOut failed");
    this.copiedOut.push([sandboxPath, hostDir]);
    await mkdir(hostDir, { recursive: true });
    await writeFile(join(hostDir, basename(sandboxPath)), "copied");
  }

  destroy(): Promise<CleanupReport> {
    this.destroyed++;
    return Promise.resolve({ removed: [], leftovers: [] });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

const jobShellCalls = (sandbox: FakeSandbox): ExecCall[] =>
  sandbox.execs.filter((call) => ["bash", "sh"].includes(call.argv.at(-1) ?? ""));

async function hostDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "airlock-runjob-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

async function makeSpec(overrides: Partial<JobSpec> = {}): Promise<JobSpec> {
  return {
    id: "1",
    name: "test",
    services: [],
    stage: "test",
    image: undefined,
    script: ["echo hi"],
    afterScript: [],
    afterScriptTimeoutMs: 300_000,
    variables: [],
    projectDir: "/builds/project",
    source: { kind: "directory", hostDir: await hostDir({ "a.txt": "a", "b.txt": "b" }) },
    dependencies: [],
    artifacts: undefined,
    caches: [],
    size: { cpus: 1, memoryMiB: 512, diskMiB: 1024 },
    network: { policy: "none", allow: [] },
    timeoutMs: 3_600_000,
    allowFailure: false,
    ...overrides,
  };
}

async function run(spec: JobSpec, sandbox: FakeSandbox, signal?: AbortSignal) {
  const lines: string[] = [];
  let clock = 1000;
  const outcome = await runJob(spec, {
    openSandbox: () => Promise.resolve(sandbox),
    onLog: (line) => lines.push(line),
    now: () => (clock += 250),
    ...(signal === undefined ? {} : { signal }),
  });
  return { outcome, lines };
}

const scriptReply =
  (main: Reply, after: Reply = {}) =>
  (call: ExecCall): Reply | undefined => {
    if (call.argv.length !== 1) return undefined;
    return call.options.env?.CI_JOB_STATUS === "running" ? main : after;
  };

describe("runJob", () => {
  it("copies the source directory's content into projectDir and runs the script there", async () => {
    const spec = await makeSpec();
    const sandbox = new FakeSandbox(scriptReply({ output: ["$ echo hi\nhi\n"] }));
    const { outcome, lines } = await run(spec, sandbox);
    expect(sandbox.copiedIn).toEqual([
      [join(spec.source.hostDir, "a.txt"), "/builds/project"],
      [join(spec.source.hostDir, "b.txt"), "/builds/project"],
    ]);
    const [main] = jobShellCalls(sandbox);
    expect(main?.argv).toEqual(["bash"]);
    expect(main?.options.stdin).toBe(jobScript(["echo hi"]));
    expect(main?.options.cwd).toBe("/builds/project");
    expect(main?.options.timeoutMs).toBe(3_600_000);
    expect(outcome).toEqual({
      status: "success",
      failureReason: undefined,
      exitCode: 0,
      durationMs: 250,
      dotenv: [],
    });
    expect(lines).toContain("hi");
    expect(lines.at(-1)).toBe("Job succeeded");
    expect(sandbox.destroyed).toBe(1);
  });

  it("falls back to sh when the image has no bash", async () => {
    const sandbox = new FakeSandbox();
    sandbox.hasBash = false;
    await run(await makeSpec(), sandbox);
    expect(jobShellCalls(sandbox)[0]?.argv).toEqual(["sh"]);
  });

  it("runs the shell under the image's entrypoint; an empty entrypoint runs it bare", async () => {
    const wrapped = new FakeSandbox();
    wrapped.hasBash = false;
    const spec = await makeSpec({
      image: { name: "x", entrypoint: ["/entry.sh", "--flag"] },
      afterScript: ["echo after"],
    });
    await run(spec, wrapped);
    expect(jobShellCalls(wrapped).map((call) => call.argv)).toEqual([
      ["/entry.sh", "--flag", "sh"],
      ["/entry.sh", "--flag", "sh"],
    ]);
    const bare = new FakeSandbox();
    await run(await makeSpec({ image: { name: "x", entrypoint: [""] } }), bare);
    expect(jobShellCalls(bare)[0]?.argv).toEqual(["bash"]);
  });

  it("keeps a failing exit code, as script_failure, and leaves allow_failure to the caller", async () => {
    const spec = await makeSpec({ allowFailure: true });
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "exited", exitCode: 2 } }));
    const { outcome, lines } = await run(spec, sandbox);
    expect(outcome).toMatchObject({
      status: "failed",
      failureReason: "script_failure",
      exitCode: 2,
    });
    expect(lines.at(-1)).toBe("ERROR: Job failed: exit code 2");
  });

  it("maps a timeout to job_execution_timeout", async () => {
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "timeout", exitCode: 137 } }));
    const { outcome, lines } = await run(await makeSpec({ timeoutMs: 600_000 }), sandbox);
    expect(outcome).toMatchObject({ status: "failed", failureReason: "job_execution_timeout" });
    expect(lines.at(-1)).toBe("ERROR: Job failed: execution took longer than 10m0s seconds");
  });

  it("runs no after_script once the job timed out, as GitLab Runner", async () => {
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "timeout", exitCode: 137 } }));
    const spec = await makeSpec({ timeoutMs: 2_000, afterScript: ["echo cleanup"] });
    const { lines } = await run(spec, sandbox);
    expect(jobShellCalls(sandbox)).toHaveLength(1);
    expect(lines).not.toContain("Running after_script");
  });

  it("maps oom to out_of_memory", async () => {
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "oom", exitCode: 137 } }));
    const { outcome } = await run(await makeSpec(), sandbox);
    expect(outcome).toMatchObject({ status: "failed", failureReason: "out_of_memory" });
  });

  it("passes the abort signal to the script and maps aborted to canceled", async () => {
    const controller = new AbortController();
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "aborted", exitCode: 143 } }));
    const spec = await makeSpec({ afterScript: ["echo cleanup"] });
    const { outcome, lines } = await run(spec, sandbox, controller.signal);
    const [main, after] = jobShellCalls(sandbox);
    expect(main?.options.signal).toBe(controller.signal);
    expect(after?.options.signal).toBeUndefined();
    expect(after?.options.env?.CI_JOB_STATUS).toBe("canceled");
    expect(outcome).toMatchObject({ status: "canceled", failureReason: undefined });
    expect(lines.at(-1)).toBe("ERROR: Job failed: canceled");
  });

  it("masks masked variables in the script's output, also across chunks", async () => {
    const spec = await makeSpec({
      variables: [
        { name: "TOKEN", value: "glpat-0123456789", masked: true, file: false },
        { name: "PIN", value: "1234", masked: true, file: false },
      ],
    });
    const sandbox = new FakeSandbox(
      scriptReply({ output: ["token glpat-01234", "56789 pin 1234\n", "partial"] }),
    );
    const { lines } = await run(spec, sandbox);
    expect(lines).toContain("token [MASKED] pin 1234");
    expect(lines).toContain("partial");
    expect(lines.join("\n")).not.toContain("glpat-0123456789");
  });

  it("exports every variable, a file variable as the path of a file holding its value", async () => {
    const spec = await makeSpec({
      variables: [
        { name: "PLAIN", value: "v", masked: false, file: false },
        { name: "KUBE_CA_PEM", value: "-----BEGIN-----", masked: false, file: true },
      ],
    });
    const sandbox = new FakeSandbox();
    await run(spec, sandbox);
    const write = sandbox.execs.find((call) => call.argv.includes("KUBE_CA_PEM"));
    expect(write?.argv.slice(4)).toEqual(["/builds/project.tmp", "KUBE_CA_PEM"]);
    expect(write?.options.stdin).toBe("-----BEGIN-----");
    const env = jobShellCalls(sandbox)[0]?.options.env;
    expect(env).toMatchObject({ PLAIN: "v", KUBE_CA_PEM: "/builds/project.tmp/KUBE_CA_PEM" });
  });

  it("runs after_script in a new shell with CI_JOB_STATUS; its failure changes nothing", async () => {
    const spec = await makeSpec({ afterScript: ["exit 1"], afterScriptTimeoutMs: 60_000 });
    const sandbox = new FakeSandbox(
      scriptReply(
        { result: { end: "exited", exitCode: 0 } },
        { result: { end: "exited", exitCode: 1 } },
      ),
    );
    const { outcome, lines } = await run(spec, sandbox);
    const after = jobShellCalls(sandbox)[1];
    expect(after?.options.stdin).toBe(jobScript(["exit 1"]));
    expect(after?.options.env?.CI_JOB_STATUS).toBe("success");
    expect(after?.options.timeoutMs).toBe(60_000);
    expect(outcome.status).toBe("success");
    expect(lines).toContain(
      "WARNING: after_script failed, but job will continue unaffected: exit code 1",
    );
  });

  it("sets CI_JOB_STATUS=failed for after_script after a failed script", async () => {
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "exited", exitCode: 1 } }));
    await run(await makeSpec({ afterScript: ["echo x"] }), sandbox);
    expect(jobShellCalls(sandbox)[1]?.options.env?.CI_JOB_STATUS).toBe("failed");
  });

  it("restores pulled caches, then dependencies' artifacts in order", async () => {
    const spec = await makeSpec({
      source: { kind: "directory", hostDir: await hostDir() },
      caches: [
        {
          key: "deps",
          paths: ["vendor/"],
          untracked: false,
          policy: "pull",
          when: "on_success",
          hostDir: await hostDir({ vendor: "" }),
          fallbacks: [],
        },
        {
          key: "pushonly",
          paths: ["x"],
          untracked: false,
          policy: "push",
          when: "on_success",
          hostDir: await hostDir({ x: "" }),
          fallbacks: [],
        },
        {
          key: "missing",
          paths: ["y"],
          untracked: false,
          policy: "pull-push",
          when: "on_success",
          hostDir: "/nonexistent/airlock-cache",
          fallbacks: [],
        },
      ],
      dependencies: [
        { jobName: "build", hostDir: await hostDir({ "first.bin": "" }) },
        { jobName: "docs", hostDir: await hostDir({ "second.html": "" }) },
      ],
    });
    const sandbox = new FakeSandbox();
    const { lines } = await run(spec, sandbox);
    expect(sandbox.events.filter((e) => e.startsWith("copyIn"))).toEqual([
      "copyIn vendor",
      "copyIn first.bin",
      "copyIn second.html",
    ]);
    expect(lines).toContain("Not downloading cache pushonly due to policy");
    expect(lines).toContain("Checking cache for missing...");
    expect(lines).toContain("WARNING: file does not exist");
    expect(lines).toContain("Downloading artifacts for build...");
  });

  it("collects matched artifacts into artifacts.hostDir, keeping the layout", async () => {
    const artifactsDir = join(await hostDir(), "artifacts");
    const spec = await makeSpec({
      artifacts: {
        paths: ["dist/"],
        exclude: ["dist/**/*.map"],
        untracked: false,
        when: "on_success",
        dotenv: [],
        hostDir: artifactsDir,
      },
    });
    const sandbox = new FakeSandbox();
    sandbox.workspace = "./dist/app.js\0./dist/app.js.map\0./src.ts\0\0./dist\0";
    const { lines } = await run(spec, sandbox);
    expect(sandbox.copiedOut).toEqual([
      ["/builds/project/dist/app.js", join(artifactsDir, "dist")],
    ]);
    expect(await readdir(join(artifactsDir, "dist"))).toEqual(["app.js"]);
    expect(lines).toContain("Uploading artifacts for successful job");
    expect(lines).toContain("dist: found 2 matching artifact files and directories");
    expect(lines).toContain("dist/**/*.map: excluded 1 files");
  });

  it("copies a wholly matched directory with one copyOut", async () => {
    const artifactsDir = join(await hostDir(), "artifacts");
    const spec = await makeSpec({
      artifacts: {
        paths: ["dist"],
        exclude: [],
        untracked: false,
        when: "always",
        dotenv: [],
        hostDir: artifactsDir,
      },
    });
    const sandbox = new FakeSandbox();
    sandbox.workspace = "./dist/a\0./dist/b\0\0./dist\0";
    await run(spec, sandbox);
    expect(sandbox.copiedOut).toEqual([["/builds/project/dist", artifactsDir]]);
  });

  it("skips on_success artifacts of a failed job and collects on_failure ones", async () => {
    const make = async (when: "on_success" | "on_failure") =>
      makeSpec({
        artifacts: {
          paths: ["log.txt"],
          exclude: [],
          untracked: false,
          when,
          dotenv: [],
          hostDir: join(await hostDir(), "a"),
        },
      });
    const failing = () => {
      const sandbox = new FakeSandbox(scriptReply({ result: { end: "exited", exitCode: 1 } }));
      sandbox.workspace = "./log.txt\0\0";
      return sandbox;
    };
    const skipped = failing();
    await run(await make("on_success"), skipped);
    expect(skipped.copiedOut).toEqual([]);
    const collected = failing();
    const { lines } = await run(await make("on_failure"), collected);
    expect(collected.copiedOut).toHaveLength(1);
    expect(lines).toContain("Uploading artifacts for failed job");
  });

  it("adds untracked files from git's tracked list", async () => {
    const artifactsDir = join(await hostDir(), "artifacts");
    const spec = await makeSpec({
      artifacts: {
        paths: [],
        exclude: [],
        untracked: true,
        when: "on_success",
        dotenv: [],
        hostDir: artifactsDir,
      },
    });
    const sandbox = new FakeSandbox();
    sandbox.workspace = "./tracked.c\0./build.o\0\0";
    sandbox.tracked = ["tracked.c"];
    await run(spec, sandbox);
    expect(sandbox.copiedOut).toEqual([["/builds/project/build.o", artifactsDir]]);
  });

  it("reads dotenv reports into the outcome, also for a failed job", async () => {
    const spec = await makeSpec({
      artifacts: {
        paths: [],
        exclude: [],
        untracked: false,
        when: "on_success",
        dotenv: ["build.env"],
        hostDir: join(await hostDir(), "a"),
      },
    });
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "exited", exitCode: 1 } }));
    sandbox.files.set("/builds/project/build.env", "BUILD_VERSION=v1.0.0\n");
    const { outcome } = await run(spec, sandbox);
    expect(outcome.dotenv).toEqual([{ name: "BUILD_VERSION", value: "v1.0.0" }]);
    expect(outcome.status).toBe("failed");
  });

  it("fails a successful job whose dotenv report GitLab would refuse", async () => {
    const spec = await makeSpec({
      artifacts: {
        paths: [],
        exclude: [],
        untracked: false,
        when: "on_success",
        dotenv: ["build.env"],
        hostDir: join(await hostDir(), "a"),
      },
    });
    const sandbox = new FakeSandbox();
    sandbox.files.set("/builds/project/build.env", "A=1\n\nB=2\n");
    const { outcome, lines } = await run(spec, sandbox);
    expect(outcome).toMatchObject({ status: "failed", exitCode: 0, dotenv: [] });
    expect(lines.some((line) => line.includes("line 2"))).toBe(true);
  });

  it("collects every report on its own, with its own paths, exclude and when", async () => {
    const dir = await hostDir();
    const report = (over: Partial<JobReport>): JobReport => ({
      type: "junit",
      format: "gzip",
      paths: [],
      exclude: [],
      untracked: false,
      when: "always",
      hostDir: join(dir, "r0"),
      name: undefined,
      expireIn: undefined,
      ...over,
    });
    const spec = await makeSpec({
      artifacts: {
        paths: ["dist"],
        exclude: [],
        untracked: false,
        when: "on_success",
        dotenv: [],
        hostDir: join(dir, "archive"),
        reports: [
          report({ paths: ["reports/*.xml"], exclude: ["reports/skip.xml"] }),
          report({ type: "codequality", paths: ["none/*.json"], hostDir: join(dir, "r1") }),
          report({ type: "sast", paths: ["dist"], when: "on_failure", hostDir: join(dir, "r2") }),
        ],
      },
    });
    const sandbox = new FakeSandbox();
    sandbox.workspace =
      "./dist/app\0./reports/a.xml\0./reports/b.xml\0./reports/skip.xml\0\0./dist\0./reports\0";
    const { outcome, lines } = await run(spec, sandbox);
    expect(outcome.status).toBe("success");
    expect(sandbox.copiedOut).toEqual([
      ["/builds/project/dist", join(dir, "archive")],
      ["/builds/project/reports/a.xml", join(dir, "r0", "reports")],
      ["/builds/project/reports/b.xml", join(dir, "r0", "reports")],
    ]);
    expect(lines).toContain("reports/*.xml: found 2 matching artifact files and directories");
    expect(lines).toContain(
      "WARNING: none/*.json: no matching files. Ensure that the artifact path is relative to the working directory (/builds/project)",
    );
    expect(lines).toContain("ERROR: No files to upload");
  });

  it("reads a dotenv report into the outcome; one GitLab refuses is not collected", async () => {
    const make = async () =>
      makeSpec({
        artifacts: {
          paths: [],
          exclude: [],
          untracked: false,
          when: "on_success",
          dotenv: [],
          hostDir: join(await hostDir(), "a"),
          reports: [
            {
              type: "dotenv",
              format: "gzip",
              paths: ["*.env"],
              exclude: [],
              untracked: false,
              when: "always",
              hostDir: join(await hostDir(), "r"),
              name: ".env.gz",
              expireIn: undefined,
            },
          ],
        },
      });
    const good = new FakeSandbox();
    good.workspace = "./build.env\0\0";
    good.files.set("/builds/project/build.env", "VERSION=1.2\n");
    const read = await run(await make(), good);
    expect(read.outcome.dotenv).toEqual([{ name: "VERSION", value: "1.2" }]);
    expect(good.copiedOut.map(([from]) => from)).toEqual(["/builds/project/build.env"]);

    const bad = new FakeSandbox();
    bad.workspace = "./build.env\0\0";
    bad.files.set("/builds/project/build.env", "not a line\n");
    const refused = await run(await make(), bad);
    expect(refused.outcome.status).toBe("failed");
    expect(bad.copiedOut).toEqual([]);
  });

  it("saves a pushing cache by replacing its directory's content", async () => {
    const cacheDir = join(await hostDir(), "cache");
    await mkdir(cacheDir);
    await writeFile(join(cacheDir, "stale"), "old");
    const spec = await makeSpec({
      caches: [
        {
          key: "k",
          paths: ["vendor"],
          untracked: false,
          policy: "pull-push",
          when: "on_success",
          hostDir: cacheDir,
          fallbacks: [],
        },
        {
          key: "ro",
          paths: ["vendor"],
          untracked: false,
          policy: "pull",
          when: "on_success",
          hostDir: join(cacheDir, "..", "ro"),
          fallbacks: [],
        },
      ],
    });
    const sandbox = new FakeSandbox();
    sandbox.workspace = "\0./vendor\0";
    const { lines } = await run(spec, sandbox);
    expect(await readdir(cacheDir)).toEqual(["vendor"]);
    expect(lines).toContain("Saving cache for successful job");
    expect(lines).toContain("Created cache");
    expect(lines).toContain("Not uploading cache ro due to policy");
  });

  it("does not save an on_success cache for a failed job", async () => {
    const cacheDir = join(await hostDir(), "cache");
    const spec = await makeSpec({
      caches: [
        {
          key: "k",
          paths: ["vendor"],
          untracked: false,
          policy: "pull-push",
          when: "on_success",
          hostDir: cacheDir,
          fallbacks: [],
        },
      ],
    });
    const sandbox = new FakeSandbox(scriptReply({ result: { end: "exited", exitCode: 1 } }));
    sandbox.workspace = "\0./vendor\0";
    await run(spec, sandbox);
    expect(sandbox.copiedOut).toEqual([]);
  });

  it("destroys the sandbox when copying in throws, and rethrows", async () => {
    const sandbox = new FakeSandbox();
    sandbox.failCopyIn = true;
    await expect(run(await makeSpec(), sandbox)).rejects.toThrow("copyIn failed");
    expect(sandbox.destroyed).toBe(1);
    expect(jobShellCalls(sandbox)).toEqual([]);
  });

  it("destroys the sandbox when collecting artifacts throws, and rethrows", async () => {
    const spec = await makeSpec({
      artifacts: {
        paths: ["out"],
        exclude: [],
        untracked: false,
        when: "always",
        dotenv: [],
        hostDir: join(await hostDir(), "a"),
      },
    });
    const sandbox = new FakeSandbox();
    sandbox.workspace = "./out\0\0";
    sandbox.failCopyOut = true;
    await expect(run(spec, sandbox)).rejects.toThrow("copyOut failed");
    expect(sandbox.destroyed).toBe(1);
  });

  it("masks secrets in the executor's own messages", async () => {
    const spec = await makeSpec({
      variables: [{ name: "KEY", value: "supersecretkey", masked: true, file: false }],
      caches: [
        {
          key: "supersecretkey",
          paths: ["x"],
          untracked: false,
          policy: "push",
          when: "always",
          hostDir: "/nonexistent",
          fallbacks: [],
        },
      ],
    });
    const { lines } = await run(spec, new FakeSandbox());
    expect(lines).toContain("Not downloading cache [MASKED] due to policy");
  });
});
