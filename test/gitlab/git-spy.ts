import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A `git` first on PATH that appends each argv (one line, space-separated) to `log` and
 * runs the real /usr/bin/git: give `path` as the runner's PATH to see every git command the
 * host ran. Files go below `dir`, which the caller removes.
 */
export function gitSpy(dir: string): { readonly log: string; readonly path: string } {
  const bin = join(dir, "spy-bin");
  const log = join(dir, "host-git.log");
  mkdirSync(bin, { recursive: true });
  writeFileSync(log, "");
  writeFileSync(
    join(bin, "git"),
    `#!/bin/sh\nprintf '%s ' "$@" >> '${log}'\necho >> '${log}'\nexec /usr/bin/git "$@"\n`,
  );
  chmodSync(join(bin, "git"), 0o755);
  return { log, path: `${bin}:${process.env["PATH"] ?? "/usr/bin:/bin"}` };
}
