/**
 * `airlock runner` jobs in their OCI images (issues 7 and 8): the fake GitLab hands out jobs
 * whose `image` and `services` live in Debian's docker-registry on loopback with Basic auth
 * (a private registry), logged in with the payload's `credentials` entry of type `registry`.
 * The runner's `[runners.docker]` allowed_images / allowed_services bound what jobs may
 * pull. A job runs in its image (dash as sh, no bash) and reaches its service by each alias;
 * an image outside allowed_images, and the same image without credentials, fail with
 * image_pull_failure. Jobs run with network "none": airlock pulls on the host, the service
 * answers over the sandbox's own loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeImageName } from "../../src/image/image-store.js";
import { hostBinariesLayer } from "../image/registry/host-binaries-layer.host.js";
import { makeImage } from "../image/registry/make-image.js";
import { pushImage } from "../image/registry/push-image.js";
import {
  greeterRegistryMissing,
  testHtpasswd,
  testLogin,
  useGreeterRegistry,
} from "../image/registry/registry-fixture.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { finished, startRunner, waitFor } from "./runner-fixture.js";

const skip = missingRootFeature() ?? greeterRegistryMissing();
reportSkip("airlock runner: jobs in OCI images", skip);
const auth = testLogin;

describe.skipIf(skip !== undefined)("airlock runner: jobs in OCI images, with services", () => {
  const fixture = useGreeterRegistry("airlock-runner-images-", { htpasswd: testHtpasswd });
  let host = "";
  const pushed: string[] = [];

  beforeAll(async () => {
    const { registry, greeter } = fixture();
    host = registry.host;
    const job = makeImage(
      [
        hostBinariesLayer({
          "/bin/sh": "/bin/dash",
          "/bin/tar": "/bin/tar",
          "/bin/mkdir": "/bin/mkdir",
        }),
        [
          { name: "bin/", type: "dir" },
          { name: "bin/greeter", content: greeter, mode: 0o755 },
        ],
      ],
      { Env: ["PATH=/bin", "IMAGE_VAR=from-image-env"] },
    );
    const service = makeImage(
      [
        [
          { name: "bin/", type: "dir" },
          { name: "bin/greeter", content: greeter, mode: 0o755 },
        ],
      ],
      { Entrypoint: ["/bin/greeter"], Cmd: ["serve", "6379"], ExposedPorts: { "6379/tcp": {} } },
    );
    // The same job image under a repository the runner does not allow.
    for (const [repository, image] of [
      ["team/job", job],
      ["other/job", job],
      ["team/greeter", service],
    ] as const) {
      await pushImage(host, repository, "1", image, auth);
      pushed.push(`${host}/${repository}:1`);
    }
  }, 300_000);

  afterAll(async () => {
    for (const reference of pushed) await removeImageName(reference).catch(() => undefined);
  });

  it("runs a job in its image with its service by alias; refuses a disallowed image and a missing login", async () => {
    const running = await startRunner(fixture().scratch, {
      global: "concurrent = 1",
      extra: [
        "  [runners.docker]",
        '    pull_policy = ["if-not-present"]',
        '    allowed_pull_policies = ["if-not-present", "always"]',
        `    allowed_images = ["${host}/team/*"]`,
        `    allowed_services = ["${host}/team/greeter:*"]`,
      ].join("\n"),
    });
    const { fake } = running;
    const login = [
      { type: "registry", url: host, username: auth.username, password: auth.password },
    ];
    try {
      const inImage = fake.addJob({
        name: "in-image",
        sha: running.sha,
        script: [
          'echo "bash=$(command -v bash || echo none) IMAGE_VAR=$IMAGE_VAR"',
          "greeter ask greeter 6379",
          "greeter ask second-name 6379",
        ],
        raw: {
          image: { name: `${host}/team/job:1`, entrypoint: null, pull_policy: ["always"] },
          services: [
            {
              name: `${host}/team/greeter:1`,
              alias: "greeter,second-name",
              variables: [{ key: "GREETING", value: "hello-from-the-service" }],
            },
          ],
          credentials: login,
        },
      });
      await waitFor("the job in its image", () => finished(inImage), 300_000);
      const log = fake.traceOf(inImage.id);
      expect(inImage.status, log).toBe("success");
      expect(log).toContain(`Pulling docker image ${host}/team/job:1 ...`);
      expect(log).toContain("bash=none IMAGE_VAR=from-image-env");
      expect(log).toMatch(/\$ greeter ask greeter 6379\r?\nhello-from-the-service\r?\n/);
      expect(log).toMatch(/\$ greeter ask second-name 6379\r?\nhello-from-the-service\r?\n/);
      expect(log).not.toContain(auth.password);

      const disallowed = fake.addJob({
        name: "disallowed",
        sha: running.sha,
        script: ["echo must not run"],
        raw: { image: { name: `${host}/other/job:1` }, credentials: login },
      });
      await waitFor("the disallowed job", () => finished(disallowed));
      const refusedLog = fake.traceOf(disallowed.id);
      expect(disallowed.status, refusedLog).toBe("failed");
      expect(disallowed.updates.at(-1)?.failureReason).toBe("image_pull_failure");
      expect(refusedLog).toContain("is not on the runner's allowed_images list");
      expect(refusedLog).not.toContain("must not run\n");

      // The image is cached now (if-not-present), but this job has no login for it.
      const noLogin = fake.addJob({
        name: "no-login",
        sha: running.sha,
        script: ["echo must not run"],
        raw: { image: { name: `${host}/team/job:1` }, credentials: [] },
      });
      await waitFor("the job without a login", () => finished(noLogin));
      const noLoginLog = fake.traceOf(noLogin.id);
      expect(noLogin.status, noLoginLog).toBe("failed");
      expect(noLogin.updates.at(-1)?.failureReason).toBe("image_pull_failure");
      expect(noLoginLog).not.toContain("must not run\n");
    } finally {
      await running.stop();
    }
  }, 600_000);
});
