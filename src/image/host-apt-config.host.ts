import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCommand } from "../core/run-command.host.js";
import {
  fallbackMirror,
  fallbackSecurityMirror,
  findDebianMirrors,
  type SourcesFile,
} from "./apt-sources.js";
import { aptOptionsFromDump } from "./apt-options.js";

/** What an image recipe takes from the build host's apt configuration. */
export interface HostAptDefaults {
  readonly mirror: string;
  readonly securityMirror: string | null;
  readonly aptOptions: readonly string[];
}

/**
 * The host's Debian mirror (from /etc/apt/sources.list and sources.list.d) and the apt options
 * the host needs to use it (Check-Valid-Until / Check-Date switched off, from `apt-config`).
 * Without any Debian source on the host: deb.debian.org and its security archive.
 */
export async function readHostAptDefaults(
  suite: string,
  etcApt = "/etc/apt",
): Promise<HostAptDefaults> {
  const files = await readSourcesFiles(etcApt);
  const found = findDebianMirrors(files, suite);
  const mirrors =
    found.mirror === null
      ? { mirror: fallbackMirror, securityMirror: fallbackSecurityMirror }
      : { mirror: found.mirror, securityMirror: found.securityMirror };
  const dump = await runCommand(["apt-config", "dump"]).catch(() => undefined);
  const aptOptions = dump?.exitCode === 0 ? aptOptionsFromDump(dump.stdout) : [];
  return { ...mirrors, aptOptions };
}

async function readSourcesFiles(etcApt: string): Promise<SourcesFile[]> {
  const paths = [join(etcApt, "sources.list")];
  const dir = join(etcApt, "sources.list.d");
  const names = await readdir(dir).catch(() => [] as string[]);
  // apt reads only these names, in lexical order (*.disabled and the like are ignored).
  paths.push(
    ...names
      .filter((n) => /^[\w.-]+\.(list|sources)$/.test(n))
      .sort()
      .map((n) => join(dir, n)),
  );
  const files: SourcesFile[] = [];
  for (const path of paths) {
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text !== undefined) files.push({ path, text });
  }
  return files;
}
