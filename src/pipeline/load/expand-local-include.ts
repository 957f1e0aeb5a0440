import type { IncludeEntry } from "./include-entry.js";

/**
 * The project files an `include:local` names, relative to the project root: GitLab reads
 * local paths from the root whether or not they start with `/`. A path with `*` is a
 * wildcard (`*` within a folder, `**` across folders) expanded by `listFiles`, sorted.
 * Only `.yml`/`.yaml` files can be included; a wildcard that matches nothing throws.
 */
export function expandLocalInclude(
  entry: IncludeEntry,
  listFiles: (glob: string) => readonly string[],
): readonly string[] {
  const path = normalize(entry);
  if (!/\.ya?ml$/.test(path)) {
    throw entry.node.fail(
      `"${entry.local}" is not a YAML file; include:local needs a .yml or .yaml file`,
    );
  }
  if (!path.includes("*")) return [path];
  const files = [...new Set(listFiles(path))].filter((file) => /\.ya?ml$/.test(file)).sort();
  if (files.length === 0) {
    throw entry.node.fail(`"${entry.local}" matches no file in the repository`);
  }
  return files;
}

function normalize(entry: IncludeEntry): string {
  const parts = entry.local.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) {
    throw entry.node.fail(
      `"${entry.local}" leaves the project; write the path from the repository root`,
    );
  }
  if (parts.length === 0) throw entry.node.fail("expected a file path, got an empty path");
  return parts.join("/");
}
