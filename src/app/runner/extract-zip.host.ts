import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { readZip } from "../../gitlab/zip-archive.js";

/**
 * Writes the members of a zip archive (a dependency's artifacts from GitLab) under `dir`,
 * which must be new and empty. A member with an absolute path, a `..` or `.` segment, or a
 * backslash is refused (AIRLOCK_E_GITLAB_PAYLOAD), so nothing lands outside `dir`; links are
 * never created (readZip skips them), files keep only their permission bits without setuid.
 */
export async function extractZip(
  archive: Uint8Array,
  dir: string,
  maxBytes: number,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of readZip(archive, maxBytes)) {
    const parts = entry.path.replace(/\/$/, "").split("/");
    if (
      entry.path.startsWith("/") ||
      entry.path.includes("\\") ||
      parts.some((part) => part === "" || part === "." || part === "..")
    ) {
      throw new AirlockError(
        "AIRLOCK_E_GITLAB_PAYLOAD",
        `artifacts archive: refusing the member ${JSON.stringify(entry.path)} (it would land outside the job's directory)`,
      );
    }
    const target = join(dir, ...parts);
    if (entry.path.endsWith("/")) {
      await mkdir(target, { recursive: true, mode: 0o755 });
      continue;
    }
    await mkdir(join(dir, ...parts.slice(0, -1)), { recursive: true, mode: 0o755 });
    await writeFile(target, entry.data, { mode: entry.mode & 0o777, flag: "wx" });
  }
}
