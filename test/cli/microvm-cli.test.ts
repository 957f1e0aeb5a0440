/**
 * The microVM backend as a user meets it: `airlock sandbox run --backend microvm` prints the
 * guest's own kernel, and `airlock run --backend microvm` runs a pipeline whose job builds
 * and runs a Docker image inside its VM (offline: FROM scratch around a static binary that
 * is part of the repository). Under TCG with --allow-tcg where KVM cannot boot a guest.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { ensureImage } from "../../src/image/image-store.js";
import { airlockFootprint } from "../support/airlock-footprint.host.js";
import { missingMicrovmFeature, reportSkip } from "../support/host-features.js";

const skip = missingMicrovmFeature();
reportSkip("microVM CLI", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const scratch = mkdtempSync(join(tmpdir(), "airlock-microvm-cli-"));

function airlock(args: readonly string[], cwd = scratch) {
  const run = spawnSync("node", [cli, ...args], { cwd, encoding: "utf8", timeout: 600_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const pipeline = `docker:
  tags: [airlock-2cpu-2gb-8gb-disk]
  script:
    - printf 'FROM scratch\\nCOPY hello /hello\\nCMD ["/hello"]\\n' > Dockerfile
    - docker build -q -t hello .
    - docker run --rm hello
`;

describe.skipIf(skip !== undefined)("microVM (CLI)", () => {
  beforeAll(async () => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    await ensureImage("docker", ["docker.io", "kmod"]);
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(join(stateDir(), "runs", "local-project"), { recursive: true, force: true });
  });

  it("sandbox run --backend microvm --allow-tcg -- uname -a prints the guest's kernel", () => {
    const run = airlock([
      "sandbox",
      "run",
      "--backend",
      "microvm",
      "--allow-tcg",
      "--",
      "uname",
      "-a",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Linux airlock \S+-cloud-amd64 #1 SMP .* x86_64 GNU\/Linux\n$/);
    // Not the host's kernel: the guest is Debian's cloud kernel.
    expect(run.stdout).not.toContain(readFileSync("/proc/sys/kernel/osrelease", "utf8").trim());
    expect(run.stderr).toMatch(/warning: microVM under TCG|^$/);
    expect(airlockFootprint()).toEqual([]);
  });

  it("airlock run --backend microvm: a job builds and runs a Docker image in its VM", () => {
    const project = join(scratch, "project");
    execFileSync("mkdir", ["-p", project]);
    writeFileSync(join(project, ".gitlab-ci.yml"), pipeline);
    writeFileSync(
      join(project, "hello.c"),
      '#include <stdio.h>\nint main(void) { puts("hello from docker in a microVM job"); return 0; }\n',
    );
    execFileSync("gcc", ["-static", "-O2", "-o", join(project, "hello"), join(project, "hello.c")]);
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", project, "-c", "user.name=t", "-c", "user.email=t@e", ...args]);
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "test");
    const run = airlock(
      [
        "run",
        "--plain",
        "--backend",
        "microvm",
        "--allow-tcg",
        "--network",
        "none",
        "--image",
        "docker",
      ],
      project,
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/docker > hello from docker in a microVM job/);
    expect(run.stdout).toMatch(/PASS\s+docker/);
    expect(airlockFootprint()).toEqual([]);
  });
});
