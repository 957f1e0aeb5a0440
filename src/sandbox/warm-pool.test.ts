import { describe, expect, it } from "vitest";
import { makeSandboxSpec, type SandboxSpec } from "./sandbox-spec.js";
import type { CleanupReport, Sandbox, SandboxBackend } from "./sandbox.js";
import { pooledBackend } from "./warm-pool.js";

/** A backend that records what it made and destroyed; sandboxes do nothing. */
function fakeBackend(failFirst = 0): SandboxBackend & { made: SandboxSpec[]; destroyed: string[] } {
  const made: SandboxSpec[] = [];
  const destroyed: string[] = [];
  let failures = failFirst;
  return {
    name: "container",
    made,
    destroyed,
    probe: () => Promise.resolve({ usable: true }),
    create(spec) {
      if (failures-- > 0) return Promise.reject(new Error("boom"));
      made.push(spec);
      const id = `s${made.length}`;
      const report: CleanupReport = { removed: [], leftovers: [] };
      const sandbox: Sandbox = {
        id,
        spec,
        exec: () => Promise.resolve({ end: "exited", exitCode: 0 }),
        copyIn: () => Promise.resolve(),
        copyOut: () => Promise.resolve(),
        destroy: () => {
          destroyed.push(id);
          return Promise.resolve(report);
        },
        [Symbol.asyncDispose]: () => Promise.resolve(),
      };
      return Promise.resolve(sandbox);
    },
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

describe("pooledBackend", () => {
  const template = makeSandboxSpec({ image: "default" });

  it("makes sandboxes ahead, hands them to an equal spec, and refills", async () => {
    const inner = fakeBackend();
    await using pool = pooledBackend(inner, { size: 2, template });
    await settle();
    expect(inner.made).toHaveLength(2);
    const reordered = JSON.parse(JSON.stringify({ ...template, image: "default" })) as SandboxSpec;
    const sandbox = await pool.create(reordered);
    expect(sandbox.id).toBe("s1");
    await settle();
    expect(inner.made).toHaveLength(3);
  });

  it("creates cold for any other spec", async () => {
    const inner = fakeBackend();
    await using pool = pooledBackend(inner, { size: 1, template });
    await settle();
    const other = await pool.create(makeSandboxSpec({ image: "other" }));
    expect(other.spec.image).toBe("other");
    expect(inner.made.map((s) => s.image)).toEqual(["default", "other"]);
  });

  it("falls back to a cold create when the pooled one failed", async () => {
    const inner = fakeBackend(1);
    await using pool = pooledBackend(inner, { size: 1, template });
    await settle();
    const sandbox = await pool.create(template);
    expect(sandbox.spec).toBe(template);
  });

  it("destroys what it holds when disposed, and stops refilling", async () => {
    const inner = fakeBackend();
    {
      await using pool = pooledBackend(inner, { size: 2, template });
      await settle();
      await pool.create(template);
    }
    await settle();
    expect(inner.destroyed.sort()).toEqual(["s2", "s3"].sort());
    expect(inner.made).toHaveLength(3);
  });
});
