/**
 * Docker inside a microVM, offline: the `docker` image variant (Debian's docker.io) booted
 * as a VM, dockerd started on demand by guest-init when the job first talks to it, then
 * `docker build` of an image FROM scratch around a static binary and `docker run` of it,
 * with Docker's default bridge network. The VM is the boundary, so none of this needs a
 * privileged container or the host's Docker. Needs the Debian mirror once (image build).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureImage } from "../../src/image/image-store.js";
import { microvmBackend } from "../../src/sandbox/microvm/microvm-backend.js";
import { makeSandboxSpec } from "../../src/sandbox/sandbox-spec.js";
import { outputCollector } from "../support/collect-output.js";
import { missingMicrovmFeature, reportSkip } from "../support/host-features.js";

const skip = missingMicrovmFeature();
reportSkip("Docker inside a microVM", skip);

describe.skipIf(skip !== undefined)("Docker inside a microVM (TCG)", () => {
  let context: string;
  beforeAll(async () => {
    await ensureImage("docker", ["docker.io", "kmod"]);
    context = mkdtempSync(join(tmpdir(), "airlock-docker-"));
    cpSync(join(import.meta.dirname, "docker-fixture", "Dockerfile"), join(context, "Dockerfile"));
    execFileSync("gcc", [
      "-static",
      "-O2",
      "-o",
      join(context, "hello"),
      join(import.meta.dirname, "docker-fixture", "hello.c"),
    ]);
  });
  afterAll(() => rmSync(context, { recursive: true, force: true }));

  it("builds and runs an image with docker inside the VM", async () => {
    await using vm = await microvmBackend({ allowTcg: true }).create(
      makeSandboxSpec({
        backend: "microvm",
        image: "docker",
        size: { cpus: 2, memoryMiB: 2048, diskMiB: 4096, pids: 4096 },
      }),
    );
    await vm.copyIn(context, "/src", { contentsOnly: true });
    const out = outputCollector();
    const result = await vm.exec(
      [
        "sh",
        "-c",
        "docker build -q -t hello /src && docker run --rm hello && " +
          "docker run --rm --network none hello && docker image ls --format '{{.Repository}}'",
      ],
      { ...out, timeoutMs: 240_000 },
    );
    const log = outputCollector();
    await vm.exec(["tail", "-20", "/var/log/dockerd.log"], log);
    expect(result.exitCode, `${out.stderr()}\n--- dockerd.log ---\n${log.stdout()}`).toBe(0);
    expect(out.stdout()).toMatch(/^sha256:[0-9a-f]{64}\n/);
    expect(out.stdout().match(/hello from a container built inside the microVM/g)).toHaveLength(2);
    expect(out.stdout()).toMatch(/^hello$/m);
  });

  it("does not start dockerd for a job that never runs docker", async () => {
    await using vm = await microvmBackend({ allowTcg: true }).create(
      makeSandboxSpec({ backend: "microvm", image: "docker" }),
    );
    const out = outputCollector();
    await vm.exec(
      ["sh", "-c", "test -S /run/docker.sock && echo socket; pgrep -c dockerd || true"],
      out,
    );
    expect(out.stdout()).toBe("socket\n0\n");
  });
});
