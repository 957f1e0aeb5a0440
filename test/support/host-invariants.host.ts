/**
 * Host invariants around a security run (docs/escape-battery.md, "Host invariants"):
 * snapshot before, diff after, fail on any change. Covers the kernel helpers and hostname,
 * the module list, the host mount table (minus mounts under the state dir, which sandboxes
 * create and remove), the wall clock against the monotonic clock, canary files, and new
 * kernel oopses or warnings in dmesg.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface HostSnapshot {
  readonly values: Readonly<Record<string, string>>;
  /** Wall clock minus monotonic clock, in ms: changes when someone sets the clock. */
  readonly clockOffsetMs: number;
  readonly kernelTrouble: readonly string[];
}

const watchedFiles = [
  "/proc/sys/kernel/core_pattern",
  "/proc/sys/kernel/modprobe",
  "/proc/sys/kernel/hostname",
  "/proc/sys/kernel/domainname",
  "/proc/modules",
];

const trouble = /\b(Oops|WARNING:|BUG:|general protection fault|Kernel panic|kernel BUG)/;

/** Makes a few canary files (and a setuid-free, world-readable directory) under `dir`. */
export function makeCanaries(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of ["secret.txt", "id_rsa", "config.toml"]) {
    writeFileSync(join(dir, name), randomBytes(64).toString("hex"), { mode: 0o600 });
  }
  chmodSync(dir, 0o700);
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

function hostMounts(excludeUnder: string): string {
  return readOr("/proc/self/mountinfo", "")
    .split("\n")
    .map((line) => {
      const fields = line.split(" ");
      const sep = fields.indexOf("-");
      return {
        point: fields[4] ?? "",
        what: `${fields[4] ?? ""} ${fields[sep + 1] ?? ""} ${fields[sep + 2] ?? ""} ${fields[5] ?? ""}`,
      };
    })
    .filter(
      (m) => m.point !== "" && m.point !== excludeUnder && !m.point.startsWith(`${excludeUnder}/`),
    )
    .map((m) => m.what)
    .sort()
    .join("\n");
}

function canaryState(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const st = statSync(path);
      const hash = createHash("sha256").update(readFileSync(path)).digest("hex");
      return `${name} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.mtimeMs} ${hash}`;
    })
    .join("\n");
}

function kernelLog(): string[] {
  try {
    return execFileSync("dmesg", [], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      .split("\n")
      .filter((l) => trouble.test(l));
  } catch (error: unknown) {
    return [`dmesg unreadable: ${error instanceof Error ? error.message : String(error)}`];
  }
}

export function snapshotHost(options: {
  readonly stateDir: string;
  readonly canaryDir: string;
}): HostSnapshot {
  const values: Record<string, string> = {};
  for (const file of watchedFiles) values[file] = readOr(file, "<absent>");
  values["mount table"] = hostMounts(options.stateDir);
  values["canaries"] = canaryState(options.canaryDir);
  return {
    values,
    clockOffsetMs: Date.now() - (performance.timeOrigin + performance.now()),
    kernelTrouble: kernelLog(),
  };
}

/** Every difference, as a human-readable line; empty when the host is unchanged. */
export function diffHostSnapshots(before: HostSnapshot, after: HostSnapshot): string[] {
  const changes: string[] = [];
  for (const [key, value] of Object.entries(before.values)) {
    const now = after.values[key];
    if (now === value) continue;
    const was = new Set(value.split("\n"));
    const is = new Set((now ?? "").split("\n"));
    const added = [...is].filter((l) => !was.has(l));
    const removed = [...was].filter((l) => !is.has(l));
    changes.push(`${key} changed: +[${added.join(" | ")}] -[${removed.join(" | ")}]`);
  }
  if (Math.abs(after.clockOffsetMs - before.clockOffsetMs) > 2000) {
    changes.push(
      `host clock moved by ${Math.round(after.clockOffsetMs - before.clockOffsetMs)} ms`,
    );
  }
  const seen = new Set(before.kernelTrouble);
  for (const line of after.kernelTrouble)
    if (!seen.has(line)) changes.push(`new kernel message: ${line}`);
  return changes;
}
