import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const registryBinary = "/usr/bin/docker-registry";

/** A Debian `docker-registry` serving on 127.0.0.1 from a temporary directory. */
export interface RegistryServer {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  /** The filesystem driver's root (blobs under docker/registry/v2/blobs/sha256/). */
  readonly storage: string;
  /** Kills the registry (by pid) and removes its directory. */
  stop(): Promise<void>;
}

/** How the test registry authenticates: Basic against an htpasswd line, or Bearer tokens. */
export type RegistryAuth =
  | { readonly htpasswd: string }
  | {
      readonly token: {
        readonly realm: string;
        readonly service: string;
        readonly issuer: string;
        /** PEM certificate whose key signs the tokens. */
        readonly certPem: string;
      };
    };

/**
 * Starts a registry on an ephemeral loopback port (read from its "listening on" log line),
 * open to all, or asking for `auth`.
 */
export async function startRegistry(auth?: RegistryAuth): Promise<RegistryServer> {
  const dir = mkdtempSync(join(tmpdir(), "airlock-registry-"));
  const storage = join(dir, "data");
  let authYaml = "";
  if (auth !== undefined && "htpasswd" in auth) {
    writeFileSync(join(dir, "htpasswd"), `${auth.htpasswd}\n`);
    authYaml = `auth:\n  htpasswd:\n    realm: airlock-test\n    path: ${join(dir, "htpasswd")}\n`;
  } else if (auth !== undefined) {
    writeFileSync(join(dir, "token.pem"), auth.token.certPem);
    authYaml =
      `auth:\n  token:\n    realm: ${auth.token.realm}\n    service: ${auth.token.service}\n` +
      `    issuer: ${auth.token.issuer}\n    rootcertbundle: ${join(dir, "token.pem")}\n`;
  }
  writeFileSync(
    join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\nhttp:\n  addr: 127.0.0.1:0\n${authYaml}`,
  );
  const logPath = join(dir, "registry.log");
  writeFileSync(logPath, "");
  const log = openSync(logPath, "a");
  const child = spawn(registryBinary, ["serve", join(dir, "config.yml")], {
    stdio: ["ignore", log, log],
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin" },
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i++) {
    const match = /listening on 127\.0\.0\.1:(\d+)/.exec(readFileSync(logPath, "utf8"));
    if (match !== null) return { host: `127.0.0.1:${match[1] ?? ""}`, storage, stop };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  const text = existsSync(logPath) ? readFileSync(logPath, "utf8") : "";
  await stop();
  throw new Error(`docker-registry did not start:\n${text}`);
}

/** Where the registry keeps the blob `digest`. */
export function registryBlobData(server: RegistryServer, digest: string): string {
  const hex = digest.slice("sha256:".length);
  return join(server.storage, "docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data");
}
