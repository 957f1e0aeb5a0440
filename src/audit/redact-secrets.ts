/**
 * Runner secrets as they appear in config files: authentication tokens (`glrt-`), legacy
 * registration tokens (`GR1348941`), personal/project tokens (`glpat-`) and runner
 * registration tokens (`glrtr-`).
 */
const tokenPattern = /\b(glrt-|glrtr-|glpat-|GR1348941)([A-Za-z0-9_-]{4,})/g;
const keyedSecretPattern =
  /\b(token|registration[-_]token|password|secret|secret_key|access_key|client_secret)(\s*[=:]\s*["']?)([^"'\s,]{5,})/gi;

/** Keeps a recognisable prefix of every secret and hides the rest. */
export function redactSecrets(text: string): string {
  return text
    .replace(
      tokenPattern,
      (_match, prefix: string, rest: string) => `${prefix}${rest.slice(0, 2)}…`,
    )
    .replace(keyedSecretPattern, (match, key: string, separator: string, value: string) =>
      value.endsWith("…") ? match : `${key}${separator}${value.slice(0, 2)}…`,
    );
}
