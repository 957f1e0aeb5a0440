import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { RegistryClient } from "./registry-client.js";

/** Loopback HTTP servers standing in for a registry and its blob storage. */
const servers: Server[] = [];
async function serve(
  handler: (
    url: string,
    headers: IncomingHttpHeaders,
  ) => { status: number; headers?: Record<string, string>; body?: string },
): Promise<string> {
  const server = createServer((request, response) => {
    const answer = handler(request.url ?? "", request.headers);
    response.writeHead(answer.status, answer.headers).end(answer.body ?? "");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("RegistryClient", () => {
  const credentials = { username: "u", password: "p" };

  it("answers a Basic challenge and drops Authorization on a redirect to another origin", async () => {
    const storageSaw: (string | undefined)[] = [];
    const storage = await serve((_url, headers) => {
      storageSaw.push(headers.authorization);
      return { status: 200, body: "blob" };
    });
    const registry = await serve((url, headers) => {
      if (headers.authorization === undefined) {
        return { status: 401, headers: { "www-authenticate": 'Basic realm="r"' } };
      }
      return { status: 307, headers: { location: `http://${storage}/data${url}` } };
    });
    const client = new RegistryClient(registry, "team/app", "ref", { credentials });
    const response = await client.fetch("GET", "blobs/sha256:x");
    expect(await response.text()).toBe("blob");
    expect(storageSaw).toEqual([undefined]);
  });

  it("refuses a redirect to plain HTTP outside loopback without sending anything there", async () => {
    const registry = await serve(() => ({
      status: 302,
      headers: { location: "http://10.255.255.1/blob" },
    }));
    const client = new RegistryClient(registry, "team/app", "ref", {});
    await expect(client.fetch("GET", "blobs/sha256:x")).rejects.toThrow(
      /refusing http:\/\/10\.255\.255\.1/,
    );
  });

  it("gets a Bearer token from the realm for the repository's pull scope", async () => {
    const tokenQueries: string[] = [];
    const auth = await serve((url, headers) => {
      tokenQueries.push(`${url} ${headers.authorization ?? "-"}`);
      return { status: 200, body: JSON.stringify({ access_token: "T" }) };
    });
    const registry = await serve((_url, headers) =>
      headers.authorization === "Bearer T"
        ? { status: 200, body: "{}" }
        : {
            status: 401,
            headers: { "www-authenticate": `Bearer realm="http://${auth}/token",service="svc"` },
          },
    );
    const client = new RegistryClient(registry, "team/app", "ref", {});
    expect((await client.fetch("GET", "manifests/1")).status).toBe(200);
    expect(tokenQueries).toEqual(["/token?service=svc&scope=repository%3Ateam%2Fapp%3Apull -"]);
  });

  it("names the reference, the answer and the fix when access is refused", async () => {
    const registry = await serve(() => ({
      status: 401,
      headers: { "www-authenticate": 'Basic realm="r"' },
      body: JSON.stringify({
        errors: [{ code: "UNAUTHORIZED", message: "authentication required" }],
      }),
    }));
    const client = new RegistryClient(registry, "team/app", "127.0.0.1/team/app:1", {
      credentials,
    });
    const error: unknown = await client.fetch("GET", "manifests/1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirlockError);
    const { code, message, fix } = error as AirlockError;
    expect(code).toBe("AIRLOCK_E_IMAGE_PULL_DENIED");
    expect(message).toContain("127.0.0.1/team/app:1");
    expect(message).toContain("UNAUTHORIZED: authentication required");
    expect(fix).toMatch(/user and password/);
  });
});
