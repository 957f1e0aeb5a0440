/** GitLab's limits for a dotenv report: 5 KB, and 20 variables (the self-managed default). */
export const dotenvMaxBytes = 5 * 1024;
export const dotenvMaxVariables = 20;

export interface DotenvVariable {
  readonly name: string;
  readonly value: string;
}

export type DotenvResult =
  | { readonly ok: true; readonly variables: readonly DotenvVariable[] }
  | { readonly ok: false; readonly error: string };

const keyPattern = /^[A-Za-z0-9_]+$/;
const maxKeyLength = 255;

/**
 * A dotenv report read as GitLab reads it: every line is `KEY=VALUE` split at the first `=`,
 * both sides stripped of surrounding whitespace; quotes are kept as they are; no comments,
 * empty lines or multi-line values (each is an invalid line); keys are ASCII letters, digits
 * and `_`, at most 255 long; a repeated key keeps its first place and takes its last value.
 * Errors name the line (1-based).
 */
export function parseDotenv(text: string): DotenvResult {
  const size = Buffer.byteLength(text, "utf8");
  if (size > dotenvMaxBytes) {
    return fail(`the file is ${size} bytes; GitLab accepts at most ${dotenvMaxBytes} (5 KB)`);
  }
  const variables = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, "").split(/(?<=\n)/);
  for (const [index, raw] of lines.entries()) {
    if (raw === "") continue;
    const line = raw.replace(/\n$/, "");
    const at = line.indexOf("=");
    if (at === -1) {
      return fail(`line ${index + 1}: expected KEY=VALUE, found ${JSON.stringify(line)}`);
    }
    const key = rubyStrip(line.slice(0, at));
    if (!keyPattern.test(key) || key.length > maxKeyLength) {
      return fail(
        `line ${index + 1}: the variable name ${JSON.stringify(key)} can contain only letters, digits and '_' (at most ${maxKeyLength})`,
      );
    }
    variables.set(key, rubyStrip(line.slice(at + 1)));
  }
  if (variables.size > dotenvMaxVariables) {
    return fail(
      `the file has ${variables.size} variables; GitLab accepts at most ${dotenvMaxVariables}`,
    );
  }
  return { ok: true, variables: [...variables].map(([name, value]) => ({ name, value })) };
}

function fail(error: string): DotenvResult {
  return { ok: false, error: `dotenv report: ${error}` };
}

/** Ruby's String#strip: ASCII whitespace and NUL. */
function rubyStrip(text: string): string {
  return text.replace(/^[\t\n\v\f\r \0]+/, "").replace(/[\t\n\v\f\r \0]+$/, "");
}
