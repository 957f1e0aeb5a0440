/**
 * Jobs in their own OCI images under `airlock run` (issue 8), against Debian's
 * docker-registry on loopback with Basic auth (a private registry): a job image made of this
 * host's dash, tar and mkdir (no bash: the sh fallback) with an Env and an Entrypoint; a
 * service from an image of one static binary, reached by its alias and derived name; a
 * service that ends at once, whose log is shown; `entrypoint: [""]`; and a job without
 * credentials that fails with image_pull_failure although the image was just pulled and its
 * pull policy is if-not-present. Jobs run with --network none: the registry is reached by
 * airlock on the host, the service over the sandbox's own loopback.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { hostBinariesLayer } from "../image/registry/host-binaries-layer.host.js";
import { makeImage } from "../image/registry/make-image.js";
import { pushImage } from "../image/registry/push-image.js";
import {
  greeterRegistryMissing,
  testHtpasswd,
  testLogin,
  useGreeterRegistry,
} from "../image/registry/registry-fixture.js";
import { airlockCli, airlockRunIn, gitProject } from "./run-project.host.js";
import { watchSandboxesOf } from "./sandbox-watch.host.js";

const skip = missingRootFeature() ?? greeterRegistryMissing();
reportSkip("jobs in OCI images", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const auth = testLogin;

/** The built CLI without the host's DOCKER_AUTH_CONFIG (throws when it fails). */
function airlock(args: readonly string[]): { stdout: string } {
  return { stdout: airlockCli(args) };
}

async function airlockRun(
  dir: string,
  killAt?: string,
): Promise<{ code: number | null; stdout: string }> {
  const { code, out } = await airlockRunIn(dir, killAt);
  return { code, stdout: out };
}

describe.skipIf(skip !== undefined)("airlock run: jobs in OCI images, with services", () => {
  const fixture = useGreeterRegistry("airlock-job-images-", { htpasswd: testHtpasswd });
  let jobImage = "";
  let serviceImage = "";
  const imageIds: string[] = [];

  beforeAll(async () => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    const { registry, greeter } = fixture();
    jobImage = `${registry.host}/team/job:1`;
    serviceImage = `${registry.host}/team/greeter:1`;
    const job = makeImage(
      [
        hostBinariesLayer({
          "/bin/sh": "/bin/dash",
          "/bin/tar": "/bin/tar",
          "/bin/mkdir": "/bin/mkdir",
          "/bin/sleep": "/bin/sleep",
        }),
        [
          { name: "bin/", type: "dir" },
          { name: "bin/greeter", content: greeter, mode: 0o755 },
          {
            name: "bin/entry.sh",
            content: '#!/bin/sh\nexport FROM_ENTRYPOINT=yes\nexec "$@"\n',
            mode: 0o755,
          },
        ],
      ],
      { Env: ["PATH=/bin", "IMAGE_VAR=from-image-env"], Entrypoint: ["/bin/entry.sh"] },
    );
    await pushImage(registry.host, "team/job", "1", job, auth);
    imageIds.push(job.manifestDigest.slice("sha256:".length));
    const service = makeImage(
      [
        [
          { name: "bin/", type: "dir" },
          { name: "bin/greeter", content: greeter, mode: 0o755 },
        ],
      ],
      {
        Entrypoint: ["/bin/greeter"],
        Cmd: ["serve", "6379"],
        ExposedPorts: { "6379/tcp": {} },
      },
    );
    await pushImage(registry.host, "team/greeter", "1", service, auth);
    imageIds.push(service.manifestDigest.slice("sha256:".length));
  }, 300_000);

  afterAll(() => {
    for (const reference of [jobImage, serviceImage]) {
      if (reference !== "")
        execFileSync("node", [cli, "image", "rm", reference], { stdio: "ignore" });
    }
    for (const name of ["local-project", "local-killed"]) {
      rmSync(join(stateDir(), "runs", name), { recursive: true, force: true });
    }
  });

  it("runs each job in its image, reaches the service by alias, refuses the job without credentials", async () => {
    const dockerAuthConfig = JSON.stringify({
      auths: {
        [fixture().registry.host]: {
          auth: Buffer.from(`${auth.username}:${auth.password}`).toString("base64"),
        },
      },
    });
    const pipeline = [
      "stages: [first, second]",
      "with-credentials:",
      "  stage: first",
      `  image: ${jobImage}`,
      "  variables:",
      `    DOCKER_AUTH_CONFIG: '${dockerAuthConfig}'`,
      "  services:",
      `    - name: ${serviceImage}`,
      "      alias: greeter",
      "      variables:",
      "        GREETING: hello-from-the-service",
      `    - name: ${serviceImage}`,
      "      alias: broken",
      '      command: ["fail"]',
      "      variables:",
      '        HEALTHCHECK_TCP_PORT: "7000"',
      "  script:",
      '    - echo "bash=$(command -v bash || echo none)"',
      '    - echo "IMAGE_VAR=$IMAGE_VAR FROM_ENTRYPOINT=$FROM_ENTRYPOINT"',
      "    - greeter ask greeter 6379",
      "    - greeter ask 127.0.0.1-team-greeter 6379",
      "no-entrypoint:",
      "  stage: first",
      "  image:",
      `    name: ${jobImage}`,
      '    entrypoint: [""]',
      "    pull_policy: [if-not-present]",
      "  variables:",
      `    DOCKER_AUTH_CONFIG: '${dockerAuthConfig}'`,
      "  script:",
      '    - echo "FROM_ENTRYPOINT=${FROM_ENTRYPOINT:-unset}"',
      "without-credentials:",
      "  stage: second",
      "  image:",
      `    name: ${jobImage}`,
      "    pull_policy: if-not-present",
      "  script:",
      "    - echo must not run",
      "",
    ].join("\n");
    const dir = gitProject(fixture().scratch, "project", pipeline);
    const watch = watchSandboxesOf(imageIds);
    const run = await airlockRun(dir).finally(() => watch.stop());
    const out = run.stdout;
    if (process.env["SHOW_RUN"] !== undefined) console.log(out);
    expect(out).toContain(`with-credentials > Pulling docker image ${jobImage} ...`);
    expect(out).toContain("with-credentials > bash=none");
    expect(out).toContain("with-credentials > IMAGE_VAR=from-image-env FROM_ENTRYPOINT=yes");
    expect(out).toMatch(
      /with-credentials > \$ greeter ask greeter 6379\nwith-credentials > hello-from-the-service\n/,
    );
    expect(out).toMatch(
      /with-credentials > \$ greeter ask 127\.0\.0\.1-team-greeter 6379\nwith-credentials > hello-from-the-service\n/,
    );
    expect(out).toContain(
      `with-credentials > *** WARNING: Service ${serviceImage} probably didn't start properly.`,
    );
    expect(out).toContain("with-credentials > greeter failing on purpose");
    expect(out).toContain(
      'no-entrypoint > Using locally found image version due to "if-not-present" pull policy',
    );
    expect(out).toContain("no-entrypoint > FROM_ENTRYPOINT=unset");
    expect(out).toContain("without-credentials > ERROR: image");
    expect(out).toContain("the registry did not confirm that this job may pull it");
    expect(out).toContain(
      "without-credentials > ERROR: Job failed (system failure): image_pull_failure",
    );
    expect(out).not.toContain("must not run\n");
    expect(out).toMatch(/^ PASS {2}with-credentials/m);
    expect(out).toMatch(/^ PASS {2}no-entrypoint/m);
    expect(out).toMatch(/^ FAIL {2}without-credentials .*image_pull_failure/m);
    expect(run.code).toBe(1);
    // The two jobs that ran and the two services: each sandbox, services included, left nothing.
    expect(watch.ids.size).toBe(4);
    for (const id of watch.ids) expect(await leftoversOf(id)).toEqual([]);
    expect(airlock(["image", "ls"]).stdout).toContain(jobImage);
  }, 600_000);

  it("leaves no job sandbox or service behind when airlock is killed mid-job, once gc ran", async () => {
    const dockerAuthConfig = JSON.stringify({ auths: { [fixture().registry.host]: auth } });
    const pipeline = [
      "job:",
      `  image: ${jobImage}`,
      "  variables:",
      `    DOCKER_AUTH_CONFIG: '${dockerAuthConfig}'`,
      "  services:",
      `    - name: ${serviceImage}`,
      "      alias: greeter",
      "  script:",
      "    - greeter ask greeter 6379",
      "    - sleep 600",
      "",
    ].join("\n");
    const dir = gitProject(fixture().scratch, "killed", pipeline);
    const watch = watchSandboxesOf(imageIds);
    const run = await airlockRun(dir, "$ sleep 600").finally(() => watch.stop());
    expect(run.stdout).toContain("job > no GREETING");
    expect(run.code).toBe(null); // killed
    expect(watch.ids.size).toBe(2);
    const left = await Promise.all([...watch.ids].map((id) => leftoversOf(id)));
    expect(left.flat().length).toBeGreaterThan(0); // the kill left them: gc must act
    airlock(["sandbox", "gc"]);
    for (const id of watch.ids) expect(await leftoversOf(id)).toEqual([]);
  }, 600_000);
});
