import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { imageCredentials } from "./image-credentials.js";
import type { ImagePullSettings } from "./image-pull-settings.js";

const dir = mkdtempSync(join(tmpdir(), "airlock-credentials-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const auth = (text: string): string => Buffer.from(text).toString("base64");
const settings = (over: Partial<ImagePullSettings> = {}): ImagePullSettings => ({
  pullPolicy: [],
  allowedPullPolicies: [],
  allowedImages: [],
  allowedServices: [],
  dockerAuthConfig: undefined,
  hostDockerConfig: join(dir, "missing.json"),
  registryLogins: [],
  ...over,
});
const variable = (value: string) => ({
  name: "DOCKER_AUTH_CONFIG",
  value,
  masked: false,
  file: false,
});
// No such program: asking it fails, which shows whether it was asked.
const helper = "airlock-test-absent-helper";

describe("imageCredentials", () => {
  it("refuses a credential helper named by a job's variable, with a warning, and uses its auths", async () => {
    const lines: string[] = [];
    const config = JSON.stringify({
      credsStore: helper,
      auths: { "r.example:5000": { auth: auth("job:pw") } },
    });
    const found = await imageCredentials("r.example:5000", [variable(config)], settings(), (l) =>
      lines.push(l),
    );
    expect(found).toEqual({
      credentials: { username: "job", password: "pw" },
      source: "$DOCKER_AUTH_CONFIG",
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^WARNING: the job's variable DOCKER_AUTH_CONFIG names the credential helper "airlock-test-absent-helper" for r\.example:5000: ignored/,
      ) as string,
    ]);
  });

  it("asks a helper of the runner's own DOCKER_AUTH_CONFIG (also when the runner's environment put it among the variables)", async () => {
    const config = JSON.stringify({ credHelpers: { "r.example:5000": helper } });
    for (const variables of [[], [variable(config)]]) {
      await expect(
        imageCredentials(
          "r.example:5000",
          variables,
          settings({ dockerAuthConfig: config }),
          () => {},
        ),
      ).rejects.toMatchObject({
        code: "AIRLOCK_E_IMAGE_PULL_FAILED",
        message: expect.stringContaining(
          `docker-credential-${helper} for r.example:5000 is not installed`,
        ) as string,
      });
    }
    // credHelpers for another registry: not asked
    expect(
      await imageCredentials("other:1", [], settings({ dockerAuthConfig: config }), () => {}),
    ).toBeUndefined();
  });

  it("reads the host's Docker config after DOCKER_AUTH_CONFIG, then the job's logins", async () => {
    const hostFile = join(dir, "config.json");
    writeFileSync(
      hostFile,
      JSON.stringify({ auths: { "h:1": { username: "host", password: "p" } } }),
    );
    const s = settings({
      hostDockerConfig: hostFile,
      dockerAuthConfig: JSON.stringify({ auths: { "r:1": { username: "runner", password: "p" } } }),
      registryLogins: [{ registry: "g:1", username: "gitlab-ci-token", password: "t" }],
    });
    expect(await imageCredentials("r:1", [], s, () => {})).toMatchObject({
      credentials: { username: "runner" },
    });
    expect(await imageCredentials("h:1", [], s, () => {})).toEqual({
      credentials: { username: "host", password: "p" },
      source: hostFile,
    });
    expect(await imageCredentials("g:1", [], s, () => {})).toMatchObject({
      credentials: { username: "gitlab-ci-token" },
      source: "job payload (GitLab Registry)",
    });
  });

  it("refuses a helper name that could name a path", async () => {
    const config = JSON.stringify({ credsStore: "../../tmp/x" });
    await expect(
      imageCredentials("r:1", [], settings({ dockerAuthConfig: config }), () => {}),
    ).rejects.toMatchObject({ code: "AIRLOCK_E_IMAGE_INVALID" });
  });
});
