import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";

/**
 * This machine's `system_id` (`s_` + 12 hex characters), as gitlab-runner keeps it in
 * `.runner_system_id`: GitLab lists each machine serving a runner token as one "runner
 * manager" by it. Made once, then kept in `<stateDir>/.runner_system_id`.
 */
export async function runnerSystemId(stateDir: string): Promise<string> {
  const file = join(stateDir, ".runner_system_id");
  const existing = await readFile(file, "utf8").catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (existing !== undefined) {
    const id = existing.trim();
    if (!/^s_[0-9a-f]{12}$/.test(id)) {
      throw new AirlockError(
        "AIRLOCK_E_RUNNER_CONFIG",
        `${file} does not hold a system id (s_ and 12 hex digits): "${id.slice(0, 40)}"`,
        {
          fix: `remove ${file}: airlock makes a new one (GitLab then lists this machine as a new runner manager)`,
        },
      );
    }
    return id;
  }
  const id = `s_${randomBytes(6).toString("hex")}`;
  await mkdir(stateDir, { recursive: true });
  await writeFile(file, `${id}\n`, { mode: 0o600, flag: "wx" });
  return id;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
