import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { credentialHelperName, type RegistryCredentials } from "./registry-credentials.js";

/** Where `docker-credential-NAME` programs are looked for: a fixed PATH, never a job's. */
export const credentialHelperDirs = ["/usr/local/bin", "/usr/bin", "/bin"] as const;

const timeoutMs = 10_000;
const maxOutputBytes = 64 * 1024;

/**
 * Asks the credential helper `name` (a name of `credsStore`/`credHelpers`, as Docker and
 * gitlab-runner run them: `docker-credential-NAME get`, the server URL on stdin, JSON
 * `{"Username", "Secret"}` on stdout) for `registry`'s credentials. The program is found on
 * the fixed credentialHelperDirs and runs with airlock's own environment (PATH set to those
 * directories) and host privileges: callers must only pass names from the runner's own
 * configuration. Bounded: killed (its process group) after 10 s or 64 KiB of output.
 * Undefined when the helper has no credentials for the registry ("credentials not found").
 * An identity token (Username `<token>`, for an OAuth2 refresh) is refused as a failure.
 * Throws AIRLOCK_E_IMAGE_INVALID for a bad name, AIRLOCK_E_IMAGE_PULL_FAILED when the helper
 * is missing, fails, times out or answers something else.
 */
export async function runCredentialHelper(
  name: string,
  registry: string,
): Promise<RegistryCredentials | undefined> {
  const failed = (why: string): AirlockError =>
    new AirlockError(
      "AIRLOCK_E_IMAGE_PULL_FAILED",
      `the credential helper docker-credential-${name} for ${registry} ${why}`,
      {
        fix: `check docker-credential-${name} on the runner's host (it must be in ${credentialHelperDirs.join(", ")}), or give the registry's credentials in "auths"`,
      },
    );
  if (!credentialHelperName.test(name)) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_INVALID",
      `the credential helper name ${JSON.stringify(name)} is not of [a-z0-9._-]`,
      { fix: "name a helper installed as docker-credential-NAME" },
    );
  }
  const program = credentialHelperDirs
    .map((dir) => join(dir, `docker-credential-${name}`))
    .find((path) => existsSync(path));
  if (program === undefined) throw failed("is not installed");
  const serverUrl = registry === "docker.io" ? "https://index.docker.io/v1/" : registry;
  const result = await runBounded(program, serverUrl);
  if (result.kind === "timeout") throw failed(`did not answer within ${timeoutMs / 1000} s`);
  if (result.kind === "overflow") throw failed(`wrote more than ${maxOutputBytes} bytes`);
  if (result.kind === "error") throw failed(`could not run: ${result.message}`);
  if (result.code !== 0) {
    if (/credentials not found/i.test(result.stdout)) return undefined;
    throw failed(`failed (exit ${result.code}): ${result.stdout.trim().slice(0, 200)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw failed("did not answer JSON");
  }
  const record = typeof parsed === "object" && parsed !== null ? parsed : {};
  const username = "Username" in record ? record.Username : undefined;
  const secret = "Secret" in record ? record.Secret : undefined;
  if (typeof username !== "string" || typeof secret !== "string" || secret === "")
    throw failed('did not answer {"Username", "Secret"}');
  // Docker's identity tokens go to an OAuth2 token endpoint, which airlock does not speak.
  if (username === "<token>") throw failed("answered an identity token, which airlock cannot use");
  return { username, password: secret };
}

type Bounded =
  | { readonly kind: "exit"; readonly code: number | null; readonly stdout: string }
  | { readonly kind: "timeout" }
  | { readonly kind: "overflow" }
  | { readonly kind: "error"; readonly message: string };

/** Runs `program get` with `input` on stdin, in its own process group, bounded in time and output. */
function runBounded(program: string, input: string): Promise<Bounded> {
  return new Promise((resolve) => {
    const child = spawn(program, ["get"], {
      stdio: ["pipe", "pipe", "ignore"],
      env: { ...process.env, PATH: credentialHelperDirs.join(":") },
      detached: true,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let verdict: Bounded | undefined;
    const stop = (why: Bounded): void => {
      verdict ??= why;
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // the group is gone already
        }
      }
    };
    const timer = setTimeout(() => stop({ kind: "timeout" }), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutputBytes) stop({ kind: "overflow" });
      else chunks.push(chunk);
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve(verdict ?? { kind: "error", message: error.message });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve(verdict ?? { kind: "exit", code, stdout: Buffer.concat(chunks).toString("utf8") });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(`${input}\n`);
  });
}
