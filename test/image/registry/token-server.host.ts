import { execFileSync } from "node:child_process";
import { createPrivateKey, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A Docker Registry v2 token service on 127.0.0.1 (as GitLab's or Docker Hub's auth
 * service behaves): `GET /token?service=&scope=repository:NAME:pull` answers a JWT (ES256,
 * signed by a self-signed certificate made with openssl, sent as x5c) granting pull of the
 * scope's repository when the Basic credentials match, or of public repositories
 * anonymously; wrong credentials get 401.
 */
export interface TokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  readonly certPem: string;
  /** A token for `actions` on `repository`, for the test's own pushes. */
  mint(repository: string, actions: readonly string[]): string;
  /** Requests seen: whether each carried credentials. */
  readonly requests: { readonly scope: string; readonly withCredentials: boolean }[];
  stop(): Promise<void>;
}

export async function startTokenServer(options: {
  readonly username: string;
  readonly password: string;
  /** Repositories anyone may pull. */
  readonly publicRepositories: readonly string[];
}): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), "airlock-token-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "2",
        "-subj",
        "/CN=airlock-test-token",
      ],
      { stdio: "ignore" },
    );
    const key = createPrivateKey(readFileSync(join(dir, "key.pem")));
    const certPem = readFileSync(join(dir, "cert.pem"), "utf8");
    const der = certPem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    const service = "airlock-test-registry";
    const issuer = "airlock-test-issuer";
    const mint = (repository: string, actions: readonly string[]): string =>
      jwt(key, der, {
        issuer,
        service,
        access: [{ type: "repository", name: repository, actions }],
      });
    const requests: { scope: string; withCredentials: boolean }[] = [];
    const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
    const server: Server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const scope = url.searchParams.get("scope") ?? "";
      const authorization = request.headers.authorization;
      requests.push({ scope, withCredentials: authorization !== undefined });
      if (authorization !== undefined && authorization !== expected) {
        response
          .writeHead(401, { "content-type": "application/json" })
          .end('{"details":"wrong user or password"}');
        return;
      }
      const repository = /^repository:([^:]+):/.exec(scope)?.[1] ?? "";
      const allowed =
        authorization !== undefined || options.publicRepositories.includes(repository);
      const token = jwt(key, der, {
        issuer,
        service: url.searchParams.get("service") ?? "",
        access:
          allowed && repository !== ""
            ? [{ type: "repository", name: repository, actions: ["pull"] }]
            : [],
      });
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ token, expires_in: 300 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    rmSync(dir, { recursive: true, force: true });
    return {
      realm: `http://127.0.0.1:${port}/token`,
      service,
      issuer,
      certPem,
      mint,
      requests,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  } catch (error: unknown) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function jwt(
  key: KeyObject,
  certDerBase64: string,
  claims: { issuer: string; service: string; access: readonly unknown[] },
): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = part({ typ: "JWT", alg: "ES256", x5c: [certDerBase64] });
  const payload = part({
    iss: claims.issuer,
    sub: "airlock-test",
    aud: claims.service,
    exp: now + 300,
    nbf: now - 60,
    iat: now,
    jti: randomBytes(8).toString("hex"),
    access: claims.access,
  });
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), {
    key,
    dsaEncoding: "ieee-p1363",
  });
  return `${header}.${payload}.${signature.toString("base64url")}`;
}
