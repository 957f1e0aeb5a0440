import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { Readable } from "node:stream";
import { AirlockError } from "../core/airlock-error.js";
import type { Sandbox } from "./sandbox.js";

type Exec = Sandbox["exec"];

/**
 * Sandbox.copyIn for any backend whose exec streams stdin: one host tar of the tree, piped
 * into `tar -x` run by the sandbox itself (so the sandbox, not the host, writes its files).
 */
export async function copyInByTar(
  exec: Exec,
  hostPath: string,
  sandboxPath: string,
  options: { readonly contentsOnly?: boolean } = {},
): Promise<void> {
  const what =
    options.contentsOnly === true
      ? ["-C", hostPath, "."]
      : ["-C", dirname(hostPath), basename(hostPath)];
  const tar = spawn("tar", ["-cf", "-", ...what], { stdio: ["ignore", "pipe", "pipe"] });
  const result = await exec(["sh", "-c", 'mkdir -p "$1" && tar -xf - -C "$1"', "sh", sandboxPath], {
    stdin: tar.stdout,
  });
  if (result.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_EXEC_FAILED",
      `copying ${hostPath} into ${sandboxPath} failed`,
    );
  }
}

/**
 * Sandbox.copyOut for any backend whose exec streams stdout: the sandbox tars the path, and
 * the host's GNU tar extracts it as a plain archive: no owners, no modes beyond umask, no
 * absolute or `..` members, and symlinks are delayed so nothing is written through them.
 */
export async function copyOutByTar(
  exec: Exec,
  sandboxPath: string,
  hostDir: string,
): Promise<void> {
  await mkdir(hostDir, { recursive: true });
  const tar = spawn(
    "tar",
    ["-C", hostDir, "-xf", "-", "--no-same-owner", "--no-same-permissions"],
    {
      stdio: ["pipe", "ignore", "pipe"],
    },
  );
  const done = new Promise<number | null>((resolve) => tar.on("close", resolve));
  const stdout = new Readable({ read: () => undefined });
  stdout.pipe(tar.stdin);
  const result = await exec(
    ["tar", "-C", dirname(sandboxPath), "-cf", "-", basename(sandboxPath)],
    {
      onOutput: (stream, chunk) => (stream === "stdout" ? stdout.push(chunk) : undefined),
    },
  );
  stdout.push(null);
  const tarExit = await done;
  if (result.exitCode !== 0 || tarExit !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_EXEC_FAILED",
      `copying ${sandboxPath} out to ${hostDir} failed`,
    );
  }
}
