import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/** One file to audit, as read from disk. */
export interface AuditInput {
  readonly file: string;
  readonly text: string;
  readonly mode: number;
}

/** A named path that could not be read. */
export interface AuditInputProblem {
  readonly file: string;
  readonly reason: string;
}

const configName = /(\.toml|\.json|\.nspawn|\.ya?ml)$/;

/**
 * Reads every file named, and the config files inside every directory named (one level
 * deep). With `optional`, paths that do not exist are skipped silently (default places).
 */
export async function readAuditInputs(
  paths: readonly string[],
  optional: boolean,
): Promise<{ inputs: AuditInput[]; problems: AuditInputProblem[] }> {
  const inputs: AuditInput[] = [];
  const problems: AuditInputProblem[] = [];
  const readOne = async (file: string): Promise<void> => {
    try {
      const info = await stat(file);
      inputs.push({ file, text: await readFile(file, "utf8"), mode: info.mode & 0o7777 });
    } catch (error: unknown) {
      problems.push({ file, reason: describe(error) });
    }
  };
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error: unknown) {
      if (!optional) problems.push({ file: path, reason: describe(error) });
      continue;
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((name) => configName.test(name)).sort();
      for (const name of names) await readOne(join(path, name));
    } else {
      await readOne(path);
    }
  }
  return { inputs, problems };
}

function describe(error: unknown): string {
  if (error instanceof Error && "code" in error) {
    const code = String(error.code);
    if (code === "ENOENT") return "no such file or directory";
    if (code === "EACCES") return "permission denied (run as root or the runner's user)";
    return `${code}: ${error.message}`;
  }
  return String(error);
}
