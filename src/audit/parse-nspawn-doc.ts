import { auditParseError } from "./audit-parse-error.js";
import type { ConfigDoc, DocPath } from "../config/config-doc.js";

/**
 * Parses a systemd unit-style `.nspawn` file. The tree is `{ Section: { Key: [values] } }`
 * (keys may repeat); paths are `[section, key, index]`.
 */
export function parseNspawnDoc(text: string, file: string): ConfigDoc {
  const root: Record<string, Record<string, string[]>> = {};
  const lines = new Map<string, number>();
  let section: string | undefined;
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) return;
    const header = /^\[([A-Za-z]+)\]$/.exec(trimmed);
    if (header !== null) {
      section = header[1] ?? "";
      root[section] ??= {};
      lines.set(section, line);
      return;
    }
    const assignment = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(trimmed);
    if (assignment === null || section === undefined) {
      throw auditParseError(
        file,
        "systemd-nspawn file",
        section === undefined
          ? "a setting before the first [Section]"
          : `not KEY=VALUE: ${trimmed}`,
        { line, column: raw.length - raw.trimStart().length + 1 },
      );
    }
    const name = assignment[1] ?? "";
    const values = ((root[section] ??= {})[name] ??= []);
    lines.set([section, name, values.length].join("\u0000"), line);
    if (values.length === 0) lines.set([section, name].join("\u0000"), line);
    values.push(assignment[2] ?? "");
  });
  const lineOf = (path: DocPath): number | undefined => {
    for (let length = path.length; length > 0; length--) {
      const found = lines.get(path.slice(0, length).join("\u0000"));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return { root, lineOf, lineOfText: (path) => lineOf(path) };
}
