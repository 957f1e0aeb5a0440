/**
 * Expands `$NAME` and `${NAME}` in a `changes`/`exists` path or `compare_to`. As GitLab
 * documents, a `$` whose variable is not defined stays as part of the path.
 */
export function expandRulePath(path: string, variables: ReadonlyMap<string, string>): string {
  return path.replace(/\$\{(\w+)\}|\$(\w+)/gu, (whole, braced?: string, bare?: string) => {
    return variables.get(braced ?? bare ?? "") ?? whole;
  });
}
