/**
 * Whether the image or service name `name` (as the job wrote it, variables expanded) matches
 * one of the runner's `allowed_images` / `allowed_services` patterns, as GitLab Runner
 * matches them: `*` is any run of characters but `/`, `**` any run including `/`, `?` one
 * character but `/`; everything else is literal. No patterns allows every name.
 */
export function imageAllowed(name: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => globPattern(pattern).test(name));
}

function globPattern(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? "";
    if (char === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[\\^$.|+(){}[\]]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}
