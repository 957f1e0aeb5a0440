/**
 * `airlock run --backend microvm --allow-tcg` of a pipeline with a `services:` entry: the
 * service (a static TCP greeter pulled from a loopback registry) runs inside the job's VM,
 * the job waits for its port and reaches it by its alias, and nothing is left behind.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { removeImageName } from "../../src/image/image-store.js";
import { gitProject } from "../cli/run-project.host.js";
import { makeImage } from "../image/registry/make-image.js";
import { pushImage } from "../image/registry/push-image.js";
import { greeterRegistryMissing, useGreeterRegistry } from "../image/registry/registry-fixture.js";
import { airlockFootprint } from "../support/airlock-footprint.host.js";
import { missingMicrovmFeature, reportSkip } from "../support/host-features.js";

const skip = missingMicrovmFeature() ?? greeterRegistryMissing();
reportSkip("services in a microVM (CLI)", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");

describe.skipIf(skip !== undefined)("airlock run --backend microvm with services", () => {
  const fixture = useGreeterRegistry("airlock-vm-services-cli-");
  let reference = "";

  beforeAll(async () => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    const { registry, greeter } = fixture();
    const image = makeImage(
      [
        [
          { name: "bin/", type: "dir" },
          { name: "bin/greeter", content: greeter, mode: 0o755 },
        ],
      ],
      { Entrypoint: ["/bin/greeter"], Cmd: ["serve", "6379"], ExposedPorts: { "6379/tcp": {} } },
    );
    await pushImage(registry.host, "svc/vm-greeter", "1", image);
    reference = `${registry.host}/svc/vm-greeter:1`;
  }, 300_000);

  afterAll(async () => {
    if (reference !== "") await removeImageName(reference).catch(() => undefined);
    rmSync(join(stateDir(), "runs", "local-vm-services"), { recursive: true, force: true });
  });

  it("runs the job with its service inside the VM", () => {
    const project = gitProject(
      fixture().scratch,
      "vm-services",
      [
        "with-service:",
        "  services:",
        `    - name: ${reference}`,
        "      alias: greeter",
        "      variables:",
        "        GREETING: hello-from-a-vm-service",
        "  script:",
        '    - exec 3<>/dev/tcp/greeter/6379 && read -r line <&3 && echo "got $line"',
        "",
      ].join("\n"),
    );
    const env = { ...process.env };
    delete env["DOCKER_AUTH_CONFIG"];
    const run = spawnSync(
      "node",
      [cli, "run", "--plain", "--backend", "microvm", "--allow-tcg", "--network", "none"],
      { cwd: project, env, encoding: "utf8", timeout: 600_000 },
    );
    const out = `${run.stdout}\n${run.stderr}`;
    expect(run.status, out).toBe(0);
    expect(out).toMatch(/Service .* started as .*greeter/);
    expect(out).toMatch(/got hello-from-a-vm-service/);
    expect(out).toMatch(/PASS\s+with-service/);
    expect(airlockFootprint()).toEqual([]);
  });
});
