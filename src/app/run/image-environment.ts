/**
 * An image's `Env` (`NAME=value` lines) as a record; lines without `=` or a name are
 * skipped, a later line wins, as Docker reads them.
 */
export function imageEnvironment(lines: readonly string[]): Readonly<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    env[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return env;
}
