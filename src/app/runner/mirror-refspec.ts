/**
 * The ref a payload refspec fetches (`+refs/heads/main:refs/remotes/origin/main` ->
 * `refs/heads/main`), or undefined when it is not a plain ref name (a sha, a pattern, a
 * name with `..`). The mirror keeps GitLab's names: it fetches `+<ref>:<ref>`.
 */
export function refspecSource(refspec: string): string | undefined {
  const source = refspec.replace(/^\+/, "").split(":")[0] ?? "";
  return /^refs\/[\w./-]+$/.test(source) && !source.includes("..") && !source.endsWith("/")
    ? source
    : undefined;
}
