/**
 * Issue 8's done-when pipeline under `airlock run`: images from a private loopback
 * docker-registry (Debian's), made from Debian packages. `airlock image build` makes an
 * image with redis-server; its root filesystem, pushed as one layer, is the `team/redis`
 * image (redis-server as its Cmd, port 6379 exposed). One job runs in that image and asks
 * the service `redis` with redis-cli; another runs in a small image of this host's bash, dash,
 * tar and mkdir and speaks to `redis` over bash's /dev/tcp; a third, without credentials,
 * fails with image_pull_failure right after the first jobs pulled the image. The second job
 * also sets WAIT_FOR_SERVICES_TIMEOUT.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { resolveImage } from "../../src/image/image-store.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { hostBinariesLayer } from "../image/registry/host-binaries-layer.host.js";
import { makeImage } from "../image/registry/make-image.js";
import { pushImage } from "../image/registry/push-image.js";
import {
  registryMissing,
  testHtpasswd,
  testLogin,
  useScratchRegistry,
} from "../image/registry/registry-fixture.js";
import { rootfsLayer } from "../image/registry/rootfs-layer.host.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { airlockCli, airlockRunIn, gitProject } from "./run-project.host.js";
import { watchSandboxesOf } from "./sandbox-watch.host.js";

const skip = missingRootFeature() ?? registryMissing();
reportSkip("the redis pipeline in OCI images", skip);
const repo = join(import.meta.dirname, "..", "..");
const auth = testLogin;
const airlockImage = "airlock-test-redis";

describe.skipIf(skip !== undefined)("airlock run: the redis pipeline from a registry", () => {
  const fixture = useScratchRegistry("airlock-redis-images-", { htpasswd: testHtpasswd });
  const references: string[] = [];
  const imageIds: string[] = [];

  beforeAll(async () => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    const started = Date.now();
    airlockCli(["image", "build", airlockImage, "--packages", "redis-server"]);
    const built = Date.now();
    const redisLayer = rootfsLayer((await resolveImage(airlockImage)).rootfs);
    const { registry } = fixture();
    const redis = makeImage([redisLayer], {
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Cmd: ["redis-server", "--save", "", "--appendonly", "no"],
      ExposedPorts: { "6379/tcp": {} },
    });
    await pushImage(registry.host, "team/redis", "7", redis, auth);
    const tiny = makeImage(
      [
        hostBinariesLayer({
          "/bin/bash": "/bin/bash",
          "/bin/sh": "/bin/dash",
          "/bin/tar": "/bin/tar",
          "/bin/mkdir": "/bin/mkdir",
        }),
      ],
      { Env: ["PATH=/bin"] },
    );
    await pushImage(registry.host, "team/tiny", "1", tiny, auth);
    references.push(`${registry.host}/team/redis:7`, `${registry.host}/team/tiny:1`);
    imageIds.push(...[redis, tiny].map((i) => i.manifestDigest.slice("sha256:".length)));
    console.log(
      `redis image: built in ${(built - started) / 1000} s, layer of ${redisLayer.length >> 20} MiB made and pushed in ${(Date.now() - built) / 1000} s`,
    );
  }, 600_000);

  afterAll(() => {
    for (const reference of references) {
      execFileSync("node", [join(repo, "dist/cli/main.js"), "image", "rm", reference], {
        stdio: "ignore",
      });
    }
    rmSync(join(stateDir(), "runs", "local-redis"), { recursive: true, force: true });
  });

  it("reaches the service redis by alias from two images; no credentials: image_pull_failure", async () => {
    const [redis = "", tiny = ""] = references;
    const dockerAuthConfig = JSON.stringify({ auths: { [fixture().registry.host]: auth } });
    const pipeline = [
      "stages: [first, second]",
      "variables:",
      `  DOCKER_AUTH_CONFIG: '${dockerAuthConfig}'`,
      "redis-cli:",
      "  stage: first",
      `  image: ${redis}`,
      "  services:",
      `    - name: ${redis}`,
      "      alias: redis",
      "  script:",
      "    - redis-cli -h redis ping",
      "    - redis-cli -h redis set answer 42",
      "bash-tcp:",
      "  stage: first",
      `  image: ${tiny}`,
      "  variables:",
      '    WAIT_FOR_SERVICES_TIMEOUT: "20"',
      "  services:",
      `    - name: ${redis}`,
      "      alias: redis",
      "  script:",
      "    - exec 3<>/dev/tcp/redis/6379",
      "    - printf 'PING\\r\\n' >&3",
      "    - read -r reply <&3",
      "    - echo \"reply=${reply%$'\\r'}\"",
      "without-credentials:",
      "  stage: second",
      "  image:",
      `    name: ${redis}`,
      "    pull_policy: if-not-present",
      "  variables:",
      '    DOCKER_AUTH_CONFIG: ""',
      "  script:",
      "    - echo must not run",
      "",
    ].join("\n");
    const dir = gitProject(fixture().scratch, "redis", pipeline);
    const watch = watchSandboxesOf(imageIds);
    const run = await airlockRunIn(dir).finally(() => watch.stop());
    const out = run.out;
    if (process.env["SHOW_RUN"] !== undefined) console.log(out);
    expect(out).toContain(`redis-cli > Pulling docker image ${redis} ...`);
    expect(out).toMatch(/redis-cli > \$ redis-cli -h redis ping\nredis-cli > PONG\n/);
    expect(out).toMatch(/redis-cli > \$ redis-cli -h redis set answer 42\nredis-cli > OK\n/);
    expect(out).toContain(`bash-tcp > Pulling docker image ${tiny} ...`);
    expect(out).toContain(
      "redis-cli > Waiting for services to be up and running (timeout 30 seconds)...",
    );
    expect(out).toContain(
      "bash-tcp > Waiting for services to be up and running (timeout 20 seconds)...",
    );
    expect(out).toContain("bash-tcp > reply=+PONG\n");
    expect(out).not.toContain("probably didn't start properly");
    expect(out).toContain("the registry did not confirm that this job may pull it");
    expect(out).toContain(
      "without-credentials > ERROR: Job failed (system failure): image_pull_failure",
    );
    expect(out).not.toContain("must not run\n");
    expect(out).toMatch(/^ PASS {2}redis-cli/m);
    expect(out).toMatch(/^ PASS {2}bash-tcp/m);
    expect(out).toMatch(/^ FAIL {2}without-credentials .*image_pull_failure/m);
    expect(run.code).toBe(1);
    // Two job sandboxes and their two redis services, each gone without a trace.
    expect(watch.ids.size).toBe(4);
    for (const id of watch.ids) expect(await leftoversOf(id)).toEqual([]);
  }, 600_000);
});
