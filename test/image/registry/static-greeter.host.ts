import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tcpGreeterSource } from "./tcp-greeter.c.js";

/** Why the static TCP greeter cannot be built here (no gcc), else undefined. */
export function gccMissing(): string | undefined {
  return existsSync("/usr/bin/gcc") ? undefined : "needs gcc (airlock doctor --fix)";
}

/**
 * Compiles the static TCP greeter (tcp-greeter.c.ts) into `dir`: writes `dir/greeter.c`,
 * links `dir/greeter` with gcc -static, and returns the binary's bytes. Throws when gcc fails.
 */
export function compileStaticGreeter(dir: string): Buffer {
  writeFileSync(join(dir, "greeter.c"), tcpGreeterSource);
  execFileSync("gcc", ["-static", "-O2", "-o", join(dir, "greeter"), join(dir, "greeter.c")]);
  return readFileSync(join(dir, "greeter"));
}
