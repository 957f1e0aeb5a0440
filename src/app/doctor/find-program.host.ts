import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** sbin directories are searched too: runc, nft and mkfs.ext4 live there, off a user's PATH. */
const extraDirs = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The absolute path of an executable program, or undefined when it is not installed. */
export function findProgram(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const dirs = [...(env["PATH"] ?? "").split(delimiter), ...extraDirs].filter((d) => d !== "");
  for (const dir of new Set(dirs)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
