import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "../../test/fakes/fake-gitlab/fake-gitlab.js";
import { isAirlockError } from "../core/airlock-error.js";
import { gitlabApi } from "./gitlab-api.js";
import { airlockRunnerInfo } from "./runner-info.js";
import {
  deleteRunner,
  deleteRunnerManager,
  registerRunner,
  resetRunnerToken,
  verifyRunner,
} from "./runner-api.js";

let fake: FakeGitlab;
beforeEach(async () => {
  fake = await startFakeGitlab({ registrationTokens: ["GR1348941-legacy"] });
});
afterEach(async () => {
  await fake.close();
});

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error: unknown) {
    if (isAirlockError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an error");
}

const registration = {
  description: "ci-1",
  tags: ["airlock-2cpu-4gb", "linux"],
  runUntagged: false,
  locked: true,
  accessLevel: "not_protected",
  paused: false,
  maximumTimeout: undefined,
  info: airlockRunnerInfo("0.1.0"),
} as const;

describe("runner identity API", () => {
  it("verifies a glrt- token with the system_id and returns its expiry", async () => {
    const runner = fake.createRunner({ tokenExpiresAt: "2030-01-01T00:00:00.000Z" });
    const api = gitlabApi(`${fake.url}/`);
    const verified = await verifyRunner(api, runner.token, "s_0123456789ab");
    expect(verified).toEqual({
      id: runner.id,
      token: runner.token,
      tokenExpiresAt: "2030-01-01T00:00:00.000Z",
    });
    expect([...runner.managers]).toEqual(["s_0123456789ab"]);
  });

  it("names the URL, the status and the fix when a token is refused", async () => {
    const api = gitlabApi(fake.url);
    const error = await errorOf(verifyRunner(api, "glrt-revoked", "s_0123456789ab"));
    expect(error.code).toBe("AIRLOCK_E_GITLAB_FORBIDDEN");
    expect(error.message).toContain(`${fake.url}/api/v4/runners/verify answered 403`);
  });

  it("registers with a legacy registration token, tags joined by commas", async () => {
    const api = gitlabApi(fake.url);
    const created = await registerRunner(api, "GR1348941-legacy", registration);
    expect(created.token).toBe(fake.runners[0]?.token);
    expect(fake.runners[0]?.tags).toEqual(["airlock-2cpu-4gb", "linux"]);
    const refused = await errorOf(registerRunner(api, "wrong", registration));
    expect(refused.code).toBe("AIRLOCK_E_GITLAB_FORBIDDEN");
  });

  it("rotates a token, deletes a manager and a runner", async () => {
    const runner = fake.createRunner({ tokenExpiresAt: "2030-01-01T00:00:00.000Z" });
    const api = gitlabApi(fake.url);
    await verifyRunner(api, runner.token, "s_0123456789ab");
    const old = runner.token;
    const rotated = await resetRunnerToken(api, old);
    expect(rotated.token).not.toBe(old);
    expect(rotated.token.startsWith("glrt-")).toBe(true);
    await deleteRunnerManager(api, rotated.token, "s_0123456789ab");
    expect(runner.managers.size).toBe(0);
    await deleteRunner(api, rotated.token);
    expect(runner.deleted).toBe(true);
    expect((await errorOf(deleteRunner(api, rotated.token))).code).toBe(
      "AIRLOCK_E_GITLAB_FORBIDDEN",
    );
  });

  it("reports a 5xx as an API error and a closed port as unreachable", async () => {
    const api = gitlabApi(fake.url);
    fake.injectFault("verify", { status: 502, body: "<html>Bad Gateway</html>" });
    const bad = await errorOf(verifyRunner(api, "glrt-x", "s_0123456789ab"));
    expect(bad.code).toBe("AIRLOCK_E_GITLAB_API");
    expect(bad.message).toContain("answered 502 (<html>Bad Gateway</html>)");
    const url = fake.url;
    await fake.close();
    fake = await startFakeGitlab();
    const gone = await errorOf(verifyRunner(gitlabApi(url), "glrt-x", "s_0123456789ab"));
    expect(gone.code).toBe("AIRLOCK_E_GITLAB_UNREACHABLE");
    expect(gone.message).toContain(`POST ${url}/api/v4/runners/verify got no answer`);
  });
});
