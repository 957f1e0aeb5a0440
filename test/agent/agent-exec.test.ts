/**
 * The agent's EXEC frame at its edges, against the real sandbox-init: a malformed request is
 * answered with EXIT 126 and a message instead of being dropped (airlock would wait forever),
 * and supplementary groups reach a container's command (`id -G`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { nativeBinary } from "../../src/core/native-binary.host.js";
import { containerBackend } from "../../src/sandbox/container/container-backend.js";
import {
  encodeExec,
  encodeFrame,
  FrameDecoder,
  frameType,
} from "../../src/sandbox/container/agent-protocol.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { makeSandboxSpec } from "../../src/sandbox/sandbox-spec.js";
import { outputCollector } from "../support/collect-output.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";

const skip = missingRootFeature();
reportSkip("agent EXEC frames", skip);

/** EXEC's counts and strings for argv ["true"], cwd "/", no env, then `tail`. */
function execFrame(id: number, tail: Buffer): Buffer {
  const head = encodeExec(id, { argv: ["true"], env: [], cwd: "/" }).subarray(9);
  return encodeFrame(frameType.exec, id, Buffer.concat([head, tail]));
}

function u32s(...values: number[]): Buffer {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => bytes.writeUInt32LE(v, 4 * i));
  return bytes;
}

describe.skipIf(skip !== undefined)("agent EXEC frames", () => {
  const agents: ChildProcess[] = [];
  afterEach(() => {
    for (const agent of agents.splice(0)) {
      if (agent.exitCode === null && agent.pid !== undefined) process.kill(agent.pid, "SIGKILL");
    }
  });

  /** Sends each frame to a fresh sandbox-init and returns, per id, stderr and exit status. */
  async function answers(
    frames: readonly Buffer[],
    ids: readonly number[],
  ): Promise<Map<number, { stderr: string; exit: number }>> {
    const agent = spawn(await nativeBinary("sandbox-init"), [], {
      stdio: ["ignore", "ignore", "ignore", "pipe"],
    });
    agents.push(agent);
    const control = agent.stdio[3] as Duplex;
    const decoder = new FrameDecoder();
    const got = new Map<number, { stderr: string; exit: number }>();
    const done = new Promise<void>((resolve, reject) => {
      control.on("error", reject);
      control.on("close", () => reject(new Error("the agent closed its end")));
      control.on("data", (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          const entry = got.get(frame.id) ?? { stderr: "", exit: -1 };
          if (frame.type === frameType.stderr) entry.stderr += frame.payload.toString("utf8");
          if (frame.type === frameType.exit) entry.exit = frame.payload.readInt32LE(0);
          got.set(frame.id, entry);
        }
        if (ids.every((id) => (got.get(id)?.exit ?? -1) >= 0)) resolve();
      });
    });
    for (const frame of frames) control.write(frame);
    // A bound for failing, not a timing assertion: an unanswered request would hang the test.
    const unanswered = new Promise<never>((_resolve, reject) =>
      setTimeout(
        () => reject(new Error(`unanswered: ${JSON.stringify([...got])}`)),
        30_000,
      ).unref(),
    );
    await Promise.race([done, unanswered]);
    control.destroy();
    return got;
  }

  it("answers malformed EXEC requests with 126 and a message, and still runs good ones", async () => {
    const zeroArgs = encodeFrame(frameType.exec, 1, u32s(0, 0));
    const missingStrings = encodeFrame(frameType.exec, 2, u32s(2, 0));
    const strayBytes = execFrame(3, Buffer.from([1, 2, 3]));
    const shortRoot = execFrame(
      4,
      Buffer.concat([u32s(0xffffffff, 0xffffffff, 0, 9), Buffer.from("/x")]),
    );
    const groupsWithoutUser = execFrame(5, u32s(0xffffffff, 0xffffffff, 1, 27, 0));
    const legacyUser = execFrame(6, u32s(process.getuid?.() ?? 0, process.getgid?.() ?? 0));
    const keepUser = execFrame(7, u32s(0xffffffff, 0xffffffff, 0, 0));
    const got = await answers(
      [zeroArgs, missingStrings, strayBytes, shortRoot, groupsWithoutUser, legacyUser, keepUser],
      [1, 2, 3, 4, 5, 6, 7],
    );
    for (const id of [1, 2, 3, 4, 5]) {
      expect(got.get(id)?.exit, `request ${id}`).toBe(126);
      expect(got.get(id)?.stderr, `request ${id}`).toMatch(/^airlock: malformed EXEC request: /);
    }
    expect(got.get(6)).toEqual({ stderr: "", exit: 0 });
    expect(got.get(7)).toEqual({ stderr: "", exit: 0 });
  });

  it("runs a container command as uid 1000 with supplementary groups", async () => {
    const sandbox = await containerBackend().create(
      makeSandboxSpec({ size: { cpus: 1, memoryMiB: 256, diskMiB: 256, pids: 256 } }),
    );
    try {
      const out = outputCollector();
      const result = await sandbox.exec(["sh", "-c", "id -u; id -g; id -G"], {
        ...out,
        user: { uid: 1000, gid: 1000, groups: [27, 100] },
      });
      expect(result.exitCode, out.stderr()).toBe(0);
      expect(out.stdout()).toBe("1000\n1000\n1000 27 100\n");
      const plain = outputCollector();
      await sandbox.exec(["id", "-G"], { ...plain, user: { uid: 1000, gid: 1000 } });
      expect(plain.stdout()).toBe("1000\n");
    } finally {
      await sandbox.destroy();
    }
    expect(await leftoversOf(sandbox.id)).toEqual([]);
  });
});
