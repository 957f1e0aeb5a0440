/**
 * The image's `User` and `image: docker: user` under `airlock run` (issue 8): a job in an
 * image whose config says `User: 1000` runs its script as uid 1000 (and may write its
 * project directory), `docker: user: app` is resolved in the image's /etc/passwd, a
 * `uid:gid` is taken as it is, HOME is the user's home (else /), and a user the image does not know fails the job with
 * image_pull_failure before its script. A named user also gets the groups that list it in
 * the image's /etc/group; a service's `docker: user` is honoured; `docker: platform` other
 * than the host's fails the job with image_pull_failure (no emulation). The image: this host's dash, tar, mkdir, id and
 * chown, from a loopback docker-registry.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { hostBinariesLayer } from "../image/registry/host-binaries-layer.host.js";
import { makeImage } from "../image/registry/make-image.js";
import { pushImage } from "../image/registry/push-image.js";
import { registryMissing, useScratchRegistry } from "../image/registry/registry-fixture.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { airlockCli, airlockRunIn, gitProject } from "./run-project.host.js";

const skip = missingRootFeature() ?? registryMissing();
reportSkip("the image user of jobs", skip);
const repo = join(import.meta.dirname, "..", "..");

describe.skipIf(skip !== undefined)("airlock run: the image's user", () => {
  const fixture = useScratchRegistry("airlock-image-user-");
  let image = "";

  beforeAll(async () => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    const { registry } = fixture();
    const layer = makeImage(
      [
        hostBinariesLayer({
          "/bin/sh": "/bin/dash",
          "/bin/tar": "/bin/tar",
          "/bin/mkdir": "/bin/mkdir",
          "/bin/id": "/usr/bin/id",
          "/bin/chown": "/bin/chown",
          "/bin/cat": "/bin/cat",
        }),
        [
          { name: "etc/", type: "dir" },
          {
            name: "etc/passwd",
            content: "root:x:0:0::/root:/bin/sh\napp:x:2000:2001::/home/app:/bin/sh\n",
          },
          { name: "etc/group", content: "root:x:0:\napp:x:2001:\nstaff:x:50:bob,app\n" },
        ],
      ],
      { Env: ["PATH=/bin"], User: "1000" },
    );
    await pushImage(registry.host, "team/user", "1", layer);
    image = `${registry.host}/team/user:1`;
  }, 300_000);

  afterAll(() => {
    if (image !== "") airlockCli(["image", "rm", image]);
    rmSync(join(stateDir(), "runs", "local-user"), { recursive: true, force: true });
  });

  it("runs the script as the image's User, docker: user, or uid:gid; an unknown name fails", async () => {
    const script = [
      "  script:",
      '    - echo "uid=$(id -u) gid=$(id -g) home=$HOME groups=$(id -G)"',
      "    - echo written > by-the-user && cat by-the-user",
      "",
    ];
    const pipeline = [
      "image-user:",
      `  image: ${image}`,
      ...script,
      "docker-user:",
      "  image:",
      `    name: ${image}`,
      "    docker:",
      "      user: app",
      ...script,
      "numeric-user:",
      "  image:",
      `    name: ${image}`,
      "    docker:",
      '      user: "3000:3001"',
      ...script,
      "service-user:",
      "  image:",
      `    name: ${image}`,
      "    docker:",
      "      platform: linux/amd64",
      "  services:",
      `    - name: ${image}`,
      "      alias: svc",
      '      entrypoint: [""]',
      '      command: ["sh", "-c", "echo service-uid=$(id -u) service-groups=$(id -G)"]',
      "      docker:",
      "        user: app",
      "      variables:",
      '        HEALTHCHECK_TCP_PORT: "9"',
      "  script:",
      "    - echo service job ran",
      "other-platform:",
      "  image:",
      `    name: ${image}`,
      "    docker:",
      "      platform: linux/arm64",
      "  script:",
      "    - echo must not run",
      "unknown-user:",
      "  image:",
      `    name: ${image}`,
      "    docker:",
      "      user: nobody",
      "  script:",
      "    - echo must not run",
      "",
    ].join("\n");
    const run = await airlockRunIn(gitProject(fixture().scratch, "user", pipeline));
    const out = run.out;
    if (process.env["SHOW_RUN"] !== undefined) console.log(out);
    expect(out).toContain("image-user > uid=1000 gid=0 home=/ groups=0\n");
    expect(out).toContain("docker-user > uid=2000 gid=2001 home=/home/app groups=2001 50\n");
    expect(out).toContain(
      "docker-user > Running the job's scripts as user app (2000:2001, groups 50)",
    );
    expect(out).toContain("numeric-user > uid=3000 gid=3001 home=/ groups=3001\n");
    expect(out).toContain(`service-user > Service ${image} runs as user app (2000:2001)`);
    expect(out).toContain("service-user > service-uid=2000 service-groups=2001 50\n");
    expect(out).toContain("service-user > service job ran\n");
    expect(out).toMatch(/^ PASS {2}service-user/m);
    expect(out).toContain(
      `other-platform > ERROR: image ${image}: docker: platform linux/arm64 is not this host's platform (linux/amd64)`,
    );
    expect(out).toMatch(/^ FAIL {2}other-platform .*image_pull_failure/m);
    for (const job of ["image-user", "docker-user", "numeric-user"]) {
      expect(out).toContain(`${job} > written\n`);
      expect(out).toMatch(new RegExp(`^ PASS {2}${job}`, "m"));
    }
    expect(out).toContain(
      `unknown-user > ERROR: image ${image}: the user "nobody" is not in the image's /etc/passwd`,
    );
    expect(out).toMatch(/^ FAIL {2}unknown-user .*image_pull_failure/m);
    expect(out).not.toContain("must not run\n");
    expect(run.code).toBe(1);
  }, 600_000);
});
