/**
 * Services inside a microVM (issue 8, point 4), under TCG: a sibling from a second image (a
 * static TCP greeter plus this host's dash, id and sleep, pulled from a loopback registry)
 * runs inside the job's VM, chrooted into its own copy of the image. The job reaches it by
 * its host names over the VM's loopback; its env is its own; it runs as a user with
 * supplementary groups; a timeout in it kills only its processes; its destroy() and the
 * parent's leave nothing.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeImageName } from "../../src/image/image-store.js";
import { pullImage } from "../../src/image/oci/pull-image.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { microvmBackend } from "../../src/sandbox/microvm/microvm-backend.js";
import { makeSandboxSpec } from "../../src/sandbox/sandbox-spec.js";
import type { ExecResult, Sandbox } from "../../src/sandbox/sandbox.js";
import { hostBinariesLayer } from "../image/registry/host-binaries-layer.host.js";
import { makeImage } from "../image/registry/make-image.js";
import { pushImage } from "../image/registry/push-image.js";
import { greeterRegistryMissing, useGreeterRegistry } from "../image/registry/registry-fixture.js";
import { outputCollector } from "../support/collect-output.js";
import { missingMicrovmFeature, reportSkip } from "../support/host-features.js";

const skip = missingMicrovmFeature() ?? greeterRegistryMissing();
reportSkip("services in a microVM", skip);

async function run(sandbox: Sandbox, argv: readonly string[], options = {}) {
  const out = outputCollector();
  const result = await sandbox.exec(argv, { ...out, ...options });
  return { ...result, stdout: out.stdout(), stderr: out.stderr() };
}

describe.skipIf(skip !== undefined)("services in a microVM (TCG)", () => {
  const fixture = useGreeterRegistry("airlock-vm-services-");
  let reference = "";
  let imageId = "";

  beforeAll(async () => {
    const { registry, greeter } = fixture();
    const image = makeImage([
      hostBinariesLayer({
        "/bin/sh": "/bin/dash",
        "/usr/bin/id": "/usr/bin/id",
        "/bin/sleep": "/bin/sleep",
      }),
      [
        { name: "bin/", type: "dir" },
        { name: "bin/greeter", content: greeter, mode: 0o755 },
        { name: "srv/", type: "dir" },
        { name: "srv/owned", content: "owned by 1000\n", mode: 0o600, uid: 1000 },
      ],
    ]);
    await pushImage(registry.host, "svc/greeter", "1", image);
    reference = `${registry.host}/svc/greeter:1`;
    imageId = (await pullImage(reference)).image.id;
  }, 300_000);

  afterAll(async () => {
    if (reference !== "") await removeImageName(reference).catch(() => undefined);
  });

  it("runs a service from its own image inside the VM, reached by its host names", async () => {
    const vm = await microvmBackend({ allowTcg: true }).create(
      makeSandboxSpec({
        backend: "microvm",
        size: { cpus: 1, memoryMiB: 512, diskMiB: 1024, pids: 512 },
        env: { ONLY_IN_JOB: "job" },
      }),
    );
    try {
      const service = await vm.createSibling?.({
        image: imageId,
        hostNames: ["greeter", "svc-greeter"],
        env: { GREETING: "hello-from-the-service" },
      });
      if (service === undefined) throw new Error("the microVM backend made no sibling");
      let serverEnd: ExecResult | undefined;
      const server = service
        .exec(["/bin/greeter", "serve", "6379"])
        .then((end) => (serverEnd = end));

      // The job reaches it by both names (its own copy of the client, as the image has none).
      await vm.copyIn(join(fixture().scratch, "greeter"), "/opt");
      let asked = await run(vm, ["/opt/greeter", "ask", "greeter", "6379"]);
      for (let i = 0; i < 100 && asked.exitCode !== 0 && serverEnd === undefined; i++) {
        await new Promise((r) => setTimeout(r, 100));
        asked = await run(vm, ["/opt/greeter", "ask", "greeter", "6379"]);
      }
      expect(asked.stdout, asked.stderr).toBe("hello-from-the-service\n");
      expect((await run(vm, ["/opt/greeter", "ask", "svc-greeter", "6379"])).stdout).toBe(
        "hello-from-the-service\n",
      );

      // Its own root, env, /proc, /dev, /tmp and /etc/hosts; the job's env is not its.
      const inside = await run(service, [
        "sh",
        "-c",
        'echo "$GREETING/${ONLY_IN_JOB:-unset}"; test -e /etc/debian_version && echo job-root; ' +
          "test -r /proc/self/status && echo proc; echo x > /dev/null && echo dev; " +
          "echo t > /tmp/t && echo tmp; while read -r l; do case $l in *svc-greeter*) echo hosts;; esac; done < /etc/hosts",
      ]);
      expect(inside.stdout, inside.stderr).toBe(
        "hello-from-the-service/unset\nproc\ndev\ntmp\nhosts\n",
      );
      expect((await run(vm, ["sh", "-c", 'echo "${GREETING:-unset}"'])).stdout).toBe("unset\n");

      // A user with supplementary groups; the image's owners survived the copy.
      const user = await run(
        service,
        ["sh", "-c", "id -u; id -G; read -r l < /srv/owned; echo $l"],
        {
          user: { uid: 1000, gid: 1000, groups: [27, 100] },
          cwd: "/srv",
        },
      );
      expect(user.stdout, user.stderr).toBe("1000\n1000 27 100\nowned by 1000\n");

      // A timeout in a second service kills its processes only, not the job's or the first's.
      const other = await vm.createSibling?.({ image: imageId, hostNames: [], env: {} });
      if (other === undefined) throw new Error("no second sibling");
      const jobSleep = await run(vm, ["sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!"]);
      const stopped = await other.exec(["sleep", "600"], { timeoutMs: 1_000 });
      expect(stopped.end).toBe("timeout");
      expect((await run(vm, ["kill", "-0", jobSleep.stdout.trim()])).exitCode).toBe(0);
      expect(serverEnd).toBeUndefined();
      await other.destroy();

      // Its own destroy(): the server is killed, and its copy is gone from the job's disk.
      const report = await service.destroy();
      expect(report.leftovers).toEqual([]);
      await server;
      expect(serverEnd?.exitCode).toBe(137);
      expect((await run(vm, ["ls", "-A", "/.airlock/services"])).stdout).toBe("");
      expect((await run(vm, ["/opt/greeter", "ask", "greeter", "6379"])).exitCode).not.toBe(0);
      await expect(service.exec(["true"])).rejects.toThrow(/destroyed/);

      // The parent's destroy() ends a live service with the VM.
      const last = await vm.createSibling?.({ image: imageId, hostNames: ["last"], env: {} });
      void last?.exec(["/bin/greeter", "serve", "7000"]).catch(() => undefined);
      await vm.destroy();
      await expect(last?.exec(["true"])).rejects.toThrow(/destroyed/);
      expect((await last?.destroy())?.leftovers).toEqual([]);
    } finally {
      await vm.destroy().catch(() => undefined);
    }
    expect(await leftoversOf(vm.id)).toEqual([]);
  });
});
