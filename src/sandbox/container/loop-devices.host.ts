import { readdirSync, readFileSync } from "node:fs";

/**
 * Loop devices whose backing file is `file`, read from sysfs (no process started). A loop
 * mount made with `mount -o loop` auto-clears when unmounted; this finds any that did not.
 */
export function loopDevicesBacking(file: string): string[] {
  let names: string[];
  try {
    names = readdirSync("/sys/block").filter((n) => n.startsWith("loop"));
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      try {
        return readFileSync(`/sys/block/${name}/loop/backing_file`, "utf8").trim() === file;
      } catch {
        return false;
      }
    })
    .map((name) => `/dev/${name}`);
}
