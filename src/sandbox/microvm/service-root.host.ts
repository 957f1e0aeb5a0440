import { spawn } from "node:child_process";
import { AirlockError } from "../../core/airlock-error.js";
import type { Sandbox } from "../sandbox.js";

type Exec = Sandbox["exec"];

/** Where a microVM's service `name` keeps its root filesystem, on the job's writable disk. */
export function serviceDir(name: string): string {
  return `/.airlock/services/${name}`;
}

/**
 * Copies the image tree `rootfs` (a host directory) to `root` in the guest: a host tar with
 * numeric owners, extracted by the job image's own `tar` as root, keeping owners, modes and
 * links. Precondition: the job's image has `sh`, `mkdir` and `tar` (as copyIn needs anyway).
 */
export async function copyImageIntoGuest(exec: Exec, rootfs: string, root: string): Promise<void> {
  const tar = spawn("tar", ["--numeric-owner", "-C", rootfs, "-cf", "-", "."], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tarErrors = "";
  tar.stderr.on("data", (chunk: Buffer) => (tarErrors += chunk.toString("utf8")));
  const tarEnd = new Promise<number | null>((resolve) => tar.on("close", resolve));
  let guestErrors = "";
  const result = await exec(
    ["sh", "-c", 'mkdir -p "$1" && tar --numeric-owner -xpf - -C "$1"', "sh", root],
    {
      stdin: tar.stdout,
      onOutput: (stream, chunk) => {
        if (stream === "stderr") guestErrors += chunk.toString("utf8");
      },
    },
  );
  const tarExit = await tarEnd;
  if (result.exitCode !== 0 || tarExit !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `copying the service image into the microVM failed: ${(guestErrors || tarErrors).trim()}`,
      { fix: "the job's image needs sh and tar, and --disk must hold the service's image too" },
    );
  }
}

/**
 * Kills what is still chrooted in `root` (sh only: `-ef` compares /proc/<pid>/root with
 * it), then removes `dir` (which holds it). Exits 0 only when no such process is left and
 * `dir` is gone; otherwise prints what is left.
 */
export const removeServiceScript = `root=$1 dir=$2 n=0
while :; do
  left=""
  for p in /proc/[0-9]*; do [ "$p/root" -ef "$root" ] && left="$left \${p#/proc/}"; done
  [ -z "$left" ] && break
  n=$((n + 1))
  if [ "$n" -ge 50 ]; then echo "processes$left"; exit 1; fi
  kill -9 $left 2>/dev/null
  sleep 0.1
done
rm -rf "$dir"
if [ -e "$dir" ]; then echo "$dir"; exit 1; fi`;
