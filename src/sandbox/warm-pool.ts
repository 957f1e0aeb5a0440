import type { SandboxSpec } from "./sandbox-spec.js";
import type { ProbeResult, Sandbox, SandboxBackend } from "./sandbox.js";

export interface WarmPoolOptions {
  /** How many sandboxes to keep made ahead (0 turns the pool off). */
  readonly size: number;
  /** The spec they are made from; only create() calls with an equal spec take from the pool. */
  readonly template: SandboxSpec;
}

/** A backend that also owns made-ahead sandboxes: dispose it to destroy them. */
export type PooledBackend = SandboxBackend & AsyncDisposable;

/**
 * Wraps any backend with a warm pool: `size` sandboxes of `template` are made ahead, one at
 * a time, so a create() with that exact spec returns a sandbox that is already running, and
 * a replacement is made in the background. A pooled sandbox has run nothing: it is as fresh
 * as a cold one. Any other spec, an empty pool, or a pooled create that failed falls back to
 * a cold create. Pooled sandboxes are labelled like any other: if airlock dies, the orphan
 * sweep removes them.
 */
export function pooledBackend(backend: SandboxBackend, options: WarmPoolOptions): PooledBackend {
  const ready: Promise<Sandbox>[] = [];
  const templateKey = canonicalJson(options.template);
  let disposed = false;
  let refilling: Promise<void> = Promise.resolve();

  const refill = (): void => {
    refilling = refilling.then(async () => {
      while (!disposed && ready.length < options.size) {
        const made = backend.create(options.template);
        made.catch(() => undefined); // a failed pooled create is seen, and replaced, by take()
        ready.push(made);
        await made.catch(() => undefined);
      }
    });
  };
  refill();

  return {
    name: backend.name,
    probe: (): Promise<ProbeResult> => backend.probe(),
    async create(spec: SandboxSpec): Promise<Sandbox> {
      const pooled = !disposed && canonicalJson(spec) === templateKey ? ready.shift() : undefined;
      if (pooled === undefined) return backend.create(spec);
      refill();
      try {
        return await pooled;
      } catch {
        return backend.create(spec);
      }
    },
    async [Symbol.asyncDispose](): Promise<void> {
      disposed = true;
      await refilling;
      const left = ready.splice(0);
      const results = await Promise.allSettled(
        left.map(async (made) => {
          const sandbox = await made.catch(() => undefined); // one that failed holds nothing
          await sandbox?.destroy();
        }),
      );
      const reasons = results.flatMap((r) =>
        r.status === "rejected" ? [r.reason as unknown] : [],
      );
      if (reasons.length > 0) {
        throw new AggregateError(
          reasons,
          `${reasons.length} pooled sandbox(es) could not be destroyed`,
        );
      }
    },
  };
}

/** JSON with object keys sorted, so equal specs compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}
