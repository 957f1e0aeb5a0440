import { globToRegExp } from "./glob-to-regexp.js";
import { normalizeArtifactPath } from "./normalize-artifact-path.js";

/** One file or directory of the workspace, relative to the project directory. */
export interface WorkspaceEntry {
  readonly path: string;
  readonly directory: boolean;
}

export interface ArtifactMatch {
  /** Selected files and directories, sorted; a selected directory's entries are listed too. */
  readonly paths: readonly string[];
  /** GitLab Runner's lines for what was found, excluded or refused. */
  readonly log: readonly string[];
}

/**
 * GitLab's artifact (and cache) path semantics over a workspace listing: each `paths` glob
 * selects the entries it matches and, for a directory, everything below it; an entry (file or
 * directory) matching an `exclude` glob is left out; `untracked` (given the git-tracked
 * file list) adds every file git does not track, `.gitignore` notwithstanding. Paths outside
 * the project directory select nothing and say so, as the runner does, without failing.
 */
export function matchArtifactPaths(
  entries: readonly WorkspaceEntry[],
  paths: readonly string[],
  exclude: readonly string[],
  untracked?: { readonly tracked: readonly string[] },
): ArtifactMatch {
  const log: string[] = [];
  const selected = new Set<string>();
  const excluded = new Map<string, number>();
  const excludeRules = exclude.flatMap((rule) => {
    const normalized = normalizeArtifactPath(rule);
    if (normalized.ok) return [{ rule, pattern: globToRegExp(normalized.path) }];
    log.push(`WARNING: isExcluded: ${normalized.message}`);
    return [];
  });
  const consider = (path: string): boolean => {
    const rule = excludeRules.find((candidate) => candidate.pattern.test(path));
    if (rule === undefined) {
      selected.add(path);
      return true;
    }
    excluded.set(rule.rule, (excluded.get(rule.rule) ?? 0) + 1);
    return false;
  };

  for (const raw of paths) {
    const normalized = normalizeArtifactPath(raw);
    if (!normalized.ok) {
      log.push(`WARNING: processPath: ${normalized.message}`);
      continue;
    }
    const found = walk(entries, normalized.path).filter(consider).length;
    log.push(
      found === 0
        ? `WARNING: ${normalized.path}: no matching files. Ensure that the artifact path is relative to the working directory`
        : `${normalized.path}: found ${found} matching artifact files and directories`,
    );
  }

  if (untracked !== undefined) {
    const tracked = new Set(untracked.tracked);
    const found = entries
      .filter((entry) => !entry.directory && !tracked.has(entry.path) && !inGitDir(entry.path))
      .map((entry) => entry.path)
      .filter(consider).length;
    log.push(found === 0 ? "WARNING: untracked: no files" : `untracked: found ${found} files`);
  }

  for (const [rule, count] of excluded) log.push(`${rule}: excluded ${count} files`);
  return { paths: [...selected].sort(), log };
}

/** The entries a normalized pattern matches, each followed by everything below it. */
function walk(entries: readonly WorkspaceEntry[], pattern: string): string[] {
  if (pattern === ".") return entries.map((entry) => entry.path);
  const regexp = globToRegExp(pattern);
  const walked = new Set<string>();
  for (const match of entries.filter((entry) => regexp.test(entry.path))) {
    walked.add(match.path);
    if (!match.directory) continue;
    for (const entry of entries)
      if (entry.path.startsWith(`${match.path}/`)) walked.add(entry.path);
  }
  return [...walked];
}

function inGitDir(path: string): boolean {
  return path === ".git" || path.startsWith(".git/");
}
