import { createServer } from "node:http";
import { once } from "node:events";
import { AirlockError } from "../../core/airlock-error.js";
import type { Registry } from "prom-client";

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  /** The address it listens on, `host:port` (the port the OS chose for port 0). */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text format) from `registry` on `listenAddress`
 * (`host:port`, `[v6]:port` or `:port` for every address, as gitlab-runner's
 * listen_address); every other path is 404. Throws AIRLOCK_E_RUNNER_CONFIG when the
 * address is malformed or cannot be bound.
 */
export async function serveMetrics(
  listenAddress: string,
  registry: Registry,
): Promise<MetricsServer> {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(listenAddress);
  const port = Number(match?.[3]);
  if (match === null || port > 65535) {
    throw new AirlockError(
      "AIRLOCK_E_RUNNER_CONFIG",
      `listen_address "${listenAddress}" is not host:port`,
      { fix: 'write it as host:port, e.g. listen_address = "127.0.0.1:9252"' },
    );
  }
  const host = match[1] ?? match[2] ?? "";
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("404 page not found\n");
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  server.listen(port, host === "" ? undefined : host);
  try {
    await Promise.race([
      once(server, "listening"),
      once(server, "error").then(([e]) => Promise.reject(e as Error)),
    ]);
  } catch (error: unknown) {
    throw new AirlockError(
      "AIRLOCK_E_RUNNER_CONFIG",
      `cannot serve /metrics on ${listenAddress}: ${error instanceof Error ? error.message : String(error)}`,
      { fix: "choose a free listen_address, or remove it to serve no metrics" },
    );
  }
  const bound = server.address();
  const address =
    bound === null || typeof bound === "string"
      ? listenAddress
      : `${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`;
  return {
    address,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
