import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");

/** A git repository `name` under `scratch` holding one commit of `pipeline`. */
export function gitProject(scratch: string, name: string, pipeline: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ".gitlab-ci.yml"), pipeline);
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@e", ...args]);
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "test");
  return dir;
}

/**
 * `airlock run --plain --network none --concurrency 1` (the built CLI in dist/) in `dir`,
 * without the host's DOCKER_AUTH_CONFIG; stdout and stderr together. With `killAt`, the run
 * is SIGKILLed (by pid) once its output shows that text.
 */
export async function airlockRunIn(
  dir: string,
  killAt?: string,
): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env };
  delete env["DOCKER_AUTH_CONFIG"];
  const child = spawn("node", [cli, "run", "--plain", "--network", "none", "--concurrency", "1"], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  if (killAt !== undefined) {
    child.stdout.on("data", () => {
      if (out.includes(killAt) && child.pid !== undefined && child.exitCode === null) {
        process.kill(child.pid, "SIGKILL");
      }
    });
  }
  const [code] = (await once(child, "close")) as [number | null];
  return { code, out };
}

/** The built CLI with `args`, without the host's DOCKER_AUTH_CONFIG; throws when it fails. */
export function airlockCli(args: readonly string[]): string {
  const env = { ...process.env };
  delete env["DOCKER_AUTH_CONFIG"];
  return execFileSync("node", [cli, ...args], { cwd: repo, env, encoding: "utf8" });
}
