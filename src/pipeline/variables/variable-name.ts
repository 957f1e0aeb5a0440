/**
 * GitLab's rule for a variable key: "one line, with no spaces, using only letters, numbers,
 * or `_`" (docs.gitlab.com/ci/variables, "Define a CI/CD variable in the UI"), at most 255
 * characters. GitLab's YAML parser itself only asks for a string key; airlock applies the
 * documented rule everywhere because a key the shell cannot export would break the job.
 */
export function isVariableName(name: string): boolean {
  return /^[A-Za-z0-9_]{1,255}$/.test(name);
}
