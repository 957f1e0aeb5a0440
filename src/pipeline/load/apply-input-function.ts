import type { RawNode } from "../raw/raw-node.js";

/**
 * Applies one interpolation function (`expand_vars` or `truncate(offset,length)`) to a
 * value, as GitLab documents them; both only take strings. `expand_vars` replaces `$NAME`
 * and `${NAME}` with `variables` and leaves unknown variables as written.
 */
export function applyInputFunction(
  call: string,
  value: unknown,
  variables: Readonly<Record<string, string>>,
  node: RawNode,
): string {
  const truncate = /^truncate\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(call);
  const name = truncate === null ? call : "truncate";
  if (name !== "expand_vars" && name !== "truncate") {
    throw node.fail(
      `unknown interpolation function "${call}"; expected expand_vars or truncate(offset,length)`,
    );
  }
  if (typeof value !== "string") throw node.fail(`${name} can only be used with string inputs`);
  if (truncate !== null) {
    const offset = Number(truncate[1]);
    return value.slice(offset, offset + Number(truncate[2]));
  }
  return value.replace(/\$(?:\{(\w+)\}|(\w+))/g, (text, braced?: string, bare?: string) => {
    const known = variables[braced ?? bare ?? ""];
    return known ?? text;
  });
}
