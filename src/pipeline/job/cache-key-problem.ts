/**
 * Why GitLab refuses `key` as a cache key, or undefined when it is fine: a key may not
 * contain `/` (nor `%2F`) and may not be only dots (`.`, `..`, nor `%2E`). Airlock also
 * refuses an empty key, as the key names a directory.
 */
export function cacheKeyProblem(key: string): string | undefined {
  const decoded = key.replace(/%2f/gi, "/").replace(/%2e/gi, ".");
  if (decoded === "") return "a cache key may not be empty";
  if (decoded.includes("/")) return 'a cache key may not contain "/" or "%2F"';
  if (/^\.+$/.test(decoded)) return 'a cache key may not be only "." characters (or "%2E")';
  return undefined;
}
