/** A submodule of a checked-out tree: its gitlink and what `.gitmodules` says of it. */
export interface SubmoduleEntry {
  /** The name in `.gitmodules` (`submodule.<name>.url`); undefined when it has no entry. */
  readonly name: string | undefined;
  /** The path below the tree's top, as git lists it. */
  readonly path: string;
  /** The URL as written in `.gitmodules`; undefined when it has none. */
  readonly url: string | undefined;
  /** The commit the superproject records (the gitlink). */
  readonly sha: string;
}

/**
 * The submodules of a tree, from the output of `git ls-files -z --stage` (every gitlink:
 * mode 160000) and `git config -z -f .gitmodules --list` (`key\nvalue` entries), both run on
 * the repository's content in the helper sandbox: nothing in them is trusted.
 */
export function gitmodulesListing(
  lsFiles: string,
  gitmodulesConfig: string,
): readonly SubmoduleEntry[] {
  const names = new Map<string, string>();
  const urls = new Map<string, string>();
  for (const entry of gitmodulesConfig.split("\0")) {
    const newline = entry.indexOf("\n");
    if (newline < 0) continue;
    const key = entry.slice(0, newline);
    const value = entry.slice(newline + 1);
    const match = /^submodule\.(.+)\.(path|url)$/s.exec(key);
    if (match?.[1] === undefined) continue;
    if (match[2] === "path") names.set(value, match[1]);
    else urls.set(match[1], value);
  }
  const entries: SubmoduleEntry[] = [];
  for (const line of lsFiles.split("\0")) {
    const match = /^160000 ([0-9a-f]{40}(?:[0-9a-f]{24})?) 0\t(.+)$/s.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const name = names.get(match[2]);
    entries.push({
      name,
      path: match[2],
      url: name === undefined ? undefined : urls.get(name),
      sha: match[1],
    });
  }
  return entries;
}
