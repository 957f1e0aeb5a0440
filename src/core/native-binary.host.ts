import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AirlockError } from "./airlock-error.js";
import { runCommand } from "./run-command.host.js";
import { statePath } from "./state-dir.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Returns the path of a static binary built from `native/<name>.c` (or any C file given as
 * `source`, relative to the repository root), building it with `gcc -static` on first use.
 * Binaries are cached by the hash of their source, so a changed source rebuilds.
 * Precondition: gcc and libc6-dev are installed (`airlock doctor --fix`).
 */
export async function nativeBinary(
  name: string,
  source = join("native", `${name}.c`),
): Promise<string> {
  const sourcePath = join(repoRoot, source);
  const text = await readFile(sourcePath);
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const target = statePath("bin", `${name}-${hash}`);
  if (existsSync(target)) return target;
  await mkdir(dirname(target), { recursive: true });
  // Unique per call: two builds of the same helper in one process must not share a file.
  const tmp = `${target}.tmp-${String(process.pid)}-${randomBytes(4).toString("hex")}`;
  const result = await runCommand(["gcc", "-O2", "-static", "-Wall", "-o", tmp, sourcePath]).catch(
    (e: unknown) => {
      throw new AirlockError("AIRLOCK_E_HOST_MISSING", `gcc is needed to build ${name}`, {
        fix: "run `airlock doctor --fix` (installs gcc and libc6-dev)",
        cause: e,
      });
    },
  );
  if (result.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_NATIVE_BUILD_FAILED",
      `building ${source} failed:\n${result.stderr}`,
      {
        fix: "check that libc6-dev is installed (`airlock doctor --fix`)",
      },
    );
  }
  await rename(tmp, target);
  return target;
}
