import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { isAirlockError } from "../../core/airlock-error.js";
import { serveMetrics } from "./serve-metrics.js";

describe("serveMetrics", () => {
  it("serves the registry at /metrics on loopback and 404 elsewhere", async () => {
    const registry = new Registry();
    new Counter({ name: "t_jobs_total", help: "t", registers: [registry] }).inc(3);
    const server = await serveMetrics("127.0.0.1:0", registry);
    try {
      expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
      const answer = await fetch(`http://${server.address}/metrics`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toContain("text/plain");
      expect(await answer.text()).toMatch(/^t_jobs_total 3$/m);
      expect((await fetch(`http://${server.address}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("refuses a malformed address and one that cannot be bound, as config errors", async () => {
    const registry = new Registry();
    const codeOf = (error: unknown): string | undefined =>
      isAirlockError(error) ? error.code : undefined;
    await expect(serveMetrics("9252", registry).catch(codeOf)).resolves.toBe(
      "AIRLOCK_E_RUNNER_CONFIG",
    );
    const taken = await serveMetrics("127.0.0.1:0", registry);
    try {
      await expect(serveMetrics(taken.address, registry).catch(codeOf)).resolves.toBe(
        "AIRLOCK_E_RUNNER_CONFIG",
      );
    } finally {
      await taken.close();
    }
  });
});
