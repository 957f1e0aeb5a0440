/**
 * The one suite every SandboxBackend must pass (container now, microVM later). A backend
 * that cannot run on this host skips the whole suite with its probe's reason printed.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeSandboxSpec, type SandboxSpec } from "../../src/sandbox/sandbox-spec.js";
import type { SandboxBackend } from "../../src/sandbox/sandbox.js";
import { outputCollector } from "../support/collect-output.js";

export interface ConformanceOptions {
  readonly backend: SandboxBackend;
  /** Why the backend cannot run here; undefined when it can. */
  readonly skipReason: string | undefined;
  /** Host-side check that nothing of the sandbox remains (processes, mounts, state). */
  readonly leftovers: (sandboxId: string) => Promise<readonly string[]>;
}

const small: Partial<SandboxSpec> = {
  size: { cpus: 1, memoryMiB: 256, diskMiB: 256, pids: 256 },
};

export function describeSandboxConformance(name: string, options: ConformanceOptions): void {
  const { backend } = options;
  if (options.skipReason !== undefined)
    console.warn(`SKIP conformance ${name}: ${options.skipReason}`);
  describe.skipIf(options.skipReason !== undefined)(`sandbox conformance: ${name}`, () => {
    it("runs a command, streams stdout and stderr apart, and returns its exit status", async () => {
      await using sandbox = await backend.create(makeSandboxSpec(small));
      const out = outputCollector();
      const result = await sandbox.exec(["sh", "-c", "echo out; echo err >&2; exit 7"], out);
      expect(result).toEqual({ end: "exited", exitCode: 7 });
      expect(out.stdout()).toBe("out\n");
      expect(out.stderr()).toBe("err\n");
    });

    it("is root inside, with env, cwd and stdin as given", async () => {
      await using sandbox = await backend.create(
        makeSandboxSpec({ ...small, env: { FROM_SPEC: "a" } }),
      );
      const out = outputCollector();
      const result = await sandbox.exec(
        ["sh", "-c", 'id -u; echo "$FROM_SPEC $FROM_EXEC"; pwd; cat'],
        {
          ...out,
          env: { FROM_EXEC: "b" },
          cwd: "/tmp",
          stdin: "from-stdin",
        },
      );
      expect(result.exitCode).toBe(0);
      expect(out.stdout()).toBe("0\na b\n/tmp\nfrom-stdin");
    });

    it("keeps state between execs of one sandbox and never between sandboxes", async () => {
      {
        await using first = await backend.create(makeSandboxSpec(small));
        expect((await first.exec(["sh", "-c", "echo kept > /etc/airlock-marker"])).exitCode).toBe(
          0,
        );
        expect((await first.exec(["cat", "/etc/airlock-marker"])).exitCode).toBe(0);
      }
      await using second = await backend.create(makeSandboxSpec(small));
      expect((await second.exec(["test", "-e", "/etc/airlock-marker"])).exitCode).toBe(1);
    });

    it("kills every process of a command at its timeout and reports it", async () => {
      await using sandbox = await backend.create(makeSandboxSpec(small));
      const result = await sandbox.exec(["sh", "-c", "sleep 300 & sleep 300"], { timeoutMs: 500 });
      expect(result.end).toBe("timeout");
      const out = outputCollector();
      await sandbox.exec(["sh", "-c", "ps -e -o comm= | grep -c sleep || true"], out);
      expect(out.stdout().trim()).toBe("0");
    });

    it("stops a command when its abort signal fires", async () => {
      await using sandbox = await backend.create(makeSandboxSpec(small));
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 300);
      const result = await sandbox.exec(["sleep", "300"], { signal: abort.signal });
      expect(result.end).toBe("aborted");
    });

    it("copies files in and out", async () => {
      const host = await mkdtemp(join(tmpdir(), "airlock-conformance-"));
      try {
        await mkdir(join(host, "in", "sub"), { recursive: true });
        await writeFile(join(host, "in", "sub", "f.txt"), "hello");
        await using sandbox = await backend.create(makeSandboxSpec(small));
        await sandbox.copyIn(join(host, "in"), "/work");
        expect(
          (await sandbox.exec(["sh", "-c", "cat /work/in/sub/f.txt > /work/in/out.txt"])).exitCode,
        ).toBe(0);
        await sandbox.copyOut("/work/in", join(host, "out"));
        expect(await readFile(join(host, "out", "in", "out.txt"), "utf8")).toBe("hello");
        // contentsOnly: what the directory holds lands in the target, not the directory.
        await sandbox.copyIn(join(host, "in"), "/flat", { contentsOnly: true });
        const flat = await sandbox.exec([
          "sh",
          "-c",
          "test -f /flat/sub/f.txt && test ! -e /flat/in",
        ]);
        expect(flat.exitCode).toBe(0);
      } finally {
        await rm(host, { recursive: true, force: true });
      }
    });

    it("destroy() is idempotent, refuses later execs and leaves nothing behind", async () => {
      const sandbox = await backend.create(makeSandboxSpec(small));
      await sandbox.exec(["sh", "-c", "sleep 300 &"]);
      const first = await sandbox.destroy();
      const second = await sandbox.destroy();
      expect(second).toBe(first);
      expect(first.leftovers).toEqual([]);
      expect(await options.leftovers(sandbox.id)).toEqual([]);
      await expect(sandbox.exec(["true"])).rejects.toThrow(/destroyed/);
    });
  });
}
