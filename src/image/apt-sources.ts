/** One apt source entry, from either the one-line or the deb822 format. */
export interface AptSource {
  readonly types: readonly string[];
  readonly uris: readonly string[];
  readonly suites: readonly string[];
  readonly components: readonly string[];
}

/** A sources file's path (its name decides the format) and text. */
export interface SourcesFile {
  readonly path: string;
  readonly text: string;
}

export interface DebianMirrors {
  /** The archive that carries SUITE, or null when the files list none. */
  readonly mirror: string | null;
  /** The archive that carries SUITE-security, or null when the files list none. */
  readonly securityMirror: string | null;
}

export const fallbackMirror = "http://deb.debian.org/debian";
export const fallbackSecurityMirror = "http://deb.debian.org/debian-security";

/** Parses `deb [opts] URI SUITE COMPONENT...` lines (sources.list, *.list). */
export function parseOneLineSources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line.length === 0) continue;
    const withoutOptions = line.replace(/\[[^\]]*\]/, " ");
    const [type, uri, suite, ...components] = withoutOptions.split(/\s+/);
    if (type === undefined || uri === undefined || suite === undefined) continue;
    sources.push({ types: [type], uris: [uri], suites: [suite], components });
  }
  return sources;
}

/** Parses deb822 stanzas (*.sources); stanzas with `Enabled: no` are skipped. */
export function parseDeb822Sources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  const stanzas = text
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .join("\n")
    .split(/\n\s*\n/);
  for (const stanza of stanzas) {
    const fields = new Map<string, string>();
    let current: string | undefined;
    for (const line of stanza.split("\n")) {
      const continuation = /^\s+\S/.test(line);
      if (continuation && current !== undefined) {
        fields.set(current, `${fields.get(current) ?? ""} ${line.trim()}`);
        continue;
      }
      const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (match?.[1] === undefined) continue;
      current = match[1].toLowerCase();
      fields.set(current, match[2] ?? "");
    }
    if ((fields.get("enabled") ?? "yes").trim().toLowerCase() === "no") continue;
    const list = (key: string): string[] =>
      (fields.get(key) ?? "").split(/\s+/).filter((s) => s.length > 0);
    const source = {
      types: list("types"),
      uris: list("uris"),
      suites: list("suites"),
      components: list("components"),
    };
    if (source.types.length > 0 && source.uris.length > 0 && source.suites.length > 0)
      sources.push(source);
  }
  return sources;
}

/** Parses a sources file by its name, as apt does: `*.sources` is deb822, anything else one-line. */
export function parseSourcesFile(file: SourcesFile): AptSource[] {
  return file.path.endsWith(".sources")
    ? parseDeb822Sources(file.text)
    : parseOneLineSources(file.text);
}

/**
 * The host's Debian archive and security archive for `suite`: the first binary (`deb`) http(s)
 * source with component main whose suites include exactly `suite` (resp. `suite-security`);
 * failing that, the first whose URI ends in `/debian` (resp. `/debian-security`), since a
 * Debian mirror carries every suite (a trixie host's mirror also serves bookworm).
 */
export function findDebianMirrors(files: readonly SourcesFile[], suite: string): DebianMirrors {
  const sources = files
    .flatMap(parseSourcesFile)
    .filter((s) => s.types.includes("deb") && s.components.includes("main"));
  const httpUri = (source: AptSource): string | undefined =>
    source.uris.find((u) => /^https?:\/\//.test(u))?.replace(/\/+$/, "");
  const find = (wantedSuite: string, uriSuffix: string): string | null => {
    for (const source of sources) {
      const uri = httpUri(source);
      if (uri !== undefined && source.suites.includes(wantedSuite)) return uri;
    }
    for (const source of sources) {
      const uri = httpUri(source);
      if (uri?.endsWith(uriSuffix) === true) return uri;
    }
    return null;
  };
  return {
    mirror: find(suite, "/debian"),
    securityMirror: find(`${suite}-security`, "/debian-security"),
  };
}
