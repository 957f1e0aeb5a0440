import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { TarSpec } from "./make-tar.js";

/**
 * Tar members of a small image made from this host's own programs: each `image path -> host
 * path` binary plus the shared libraries and loader `ldd` names for it, at the paths ldd
 * prints (content of the resolved file). Enough for a job image with sh (dash), tar and
 * mkdir, and no bash: what the executor needs, nothing more.
 */
export function hostBinariesLayer(binaries: Readonly<Record<string, string>>): TarSpec[] {
  const files = new Map<string, string>();
  for (const [inImage, onHost] of Object.entries(binaries)) {
    files.set(inImage.replace(/^\//, ""), onHost);
    const ldd = execFileSync("ldd", [onHost], { encoding: "utf8" });
    for (const match of ldd.matchAll(/(?:=> )?(\/\S+) \(0x/g)) {
      const lib = match[1] ?? "";
      files.set(lib.replace(/^\//, ""), lib);
    }
  }
  const dirs = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(`${parts.slice(0, i).join("/")}/`);
  }
  return [
    ...[...dirs].sort().map((name): TarSpec => ({ name, type: "dir" })),
    ...[...files].map(([name, host]): TarSpec => ({
      name,
      content: readFileSync(host),
      mode: 0o755,
    })),
  ];
}
