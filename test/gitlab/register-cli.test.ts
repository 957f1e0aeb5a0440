/**
 * `airlock register`, `verify` and `unregister` as a user runs them: the built CLI against
 * the fake GitLab on 127.0.0.1 (nothing else is contacted), with its own config file and
 * state directory. Covers both registration flows, a revoked token's message and exit
 * status, `verify --delete` and `unregister`.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "../fakes/fake-gitlab/fake-gitlab.js";

const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
let scratch: string;
let config: string;
let state: string;
let fake: FakeGitlab;

/** Runs the CLI without blocking this process: the fake answers from the same event loop. */
function airlock(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "node",
      [cli, ...args],
      {
        env: {
          ...process.env,
          AIRLOCK_STATE_DIR: state,
          CI_SERVER_TOKEN: "",
          REGISTRATION_TOKEN: "",
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(() => {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
});
beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), "airlock-register-"));
  config = join(scratch, "etc", "config.toml");
  state = join(scratch, "state");
  fake = await startFakeGitlab({ registrationTokens: ["GR1348941legacy"] });
});
afterEach(async () => {
  await fake.close();
  rmSync(scratch, { recursive: true, force: true });
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("airlock register / verify / unregister", () => {
  it("registers a glrt- runner, verifies it with a kept system_id, and unregisters it", async () => {
    const runner = fake.createRunner({ tokenExpiresAt: "2031-01-01T00:00:00.000Z" });
    const registered = await airlock(
      "register",
      ...["--url", fake.url, "--token", runner.token, "--name", "ci-1", "--config", config],
    );
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stdout).toContain(`Runner "ci-1" (id ${runner.id}) verified with GitLab`);
    expect(registered.stdout).toContain("token expires 2031-01-01T00:00:00.000Z");
    const systemId = readFileSync(join(state, ".runner_system_id"), "utf8").trim();
    expect(systemId).toMatch(/^s_[0-9a-f]{12}$/);
    expect([...runner.managers]).toEqual([systemId]);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const text = readFileSync(config, "utf8");
    expect(text).toContain(`token = "${runner.token}"`);
    expect(text).toContain("token_expires_at = 2031-01-01T00:00:00.000Z");

    const again = await airlock(
      "register",
      ...["--url", fake.url, "--token", runner.token, "--name", "ci-1", "--config", config],
    );
    expect(again.code).toBe(64);
    expect(again.stderr).toContain('already has a runner named "ci-1"');

    const verified = await airlock("verify", "--config", config);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toBe(
      `ci-1\t${fake.url}\tvalid, token expires 2031-01-01T00:00:00.000Z\n`,
    );

    const gone = await airlock("unregister", "--name", "ci-1", "--config", config);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toContain("ci-1: this machine removed from its managers in GitLab");
    expect(runner.managers.size).toBe(0);
    expect(readFileSync(config, "utf8")).not.toContain(runner.token);
  });

  it("registers with a legacy registration token and deletes that runner on unregister", async () => {
    const registered = await airlock(
      "register",
      ...["--url", `${fake.url}/`, "--registration-token", "GR1348941legacy"],
      ...["--name", "legacy", "--tag-list", "airlock-4cpu-8gb, linux", "--config", config],
    );
    expect(registered.code, registered.stderr).toBe(0);
    const runner = fake.runners[0];
    expect(runner?.tags).toEqual(["airlock-4cpu-8gb", "linux"]);
    expect(runner?.description).toBe("legacy");
    expect(readFileSync(config, "utf8")).toContain(`url = "${fake.url}"`);
    const gone = await airlock("unregister", "--all", "--config", config);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toContain("legacy: deleted in GitLab");
    expect(runner?.deleted).toBe(true);
  });

  it("says a revoked token was refused, exits 77, and --delete removes it", async () => {
    const runner = fake.createRunner();
    const refused = await airlock(
      "register",
      ...["--url", fake.url, "--token", "glrt-not-a-real-token", "--name", "x", "--config", config],
    );
    expect(refused.code).toBe(77);
    expect(refused.stderr).toContain(
      `airlock: error [AIRLOCK_E_GITLAB_FORBIDDEN]: verifying the runner: ${fake.url}/api/v4/runners/verify answered 403`,
    );
    expect(refused.stderr).toContain(
      "fix: the runner token is wrong, expired or its runner was deleted in GitLab",
    );
    expect(() => statSync(config)).toThrow();

    await airlock(
      "register",
      ...["--url", fake.url, "--token", runner.token, "--name", "ci-1", "--config", config],
    );
    fake.revokeRunner(runner.id);
    const verified = await airlock("verify", "--config", config);
    expect(verified.code).toBe(77);
    expect(verified.stdout).toBe(`ci-1\t${fake.url}\trefused by GitLab\n`);
    expect(verified.stderr).toContain('GitLab refused the token of "ci-1"');
    const deleted = await airlock("verify", "--delete", "--config", config);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain("refused by GitLab: removed from the config");
    expect(readFileSync(config, "utf8")).not.toContain("ci-1");
  });

  it("names the URL when GitLab cannot be reached, and writes nothing", async () => {
    const url = fake.url;
    await fake.close();
    fake = await startFakeGitlab();
    const result = await airlock(
      "register",
      ...["--url", url, "--token", "glrt-x", "--name", "x", "--config", config],
    );
    expect(result.code).toBe(69);
    expect(result.stderr).toContain(
      `[AIRLOCK_E_GITLAB_UNREACHABLE]: POST ${url}/api/v4/runners/verify got no answer`,
    );
    expect(() => statSync(config)).toThrow();
  });
});
