import { posix } from "node:path";

export type NormalizedPath =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string };

const globChars = /[*?[{\\]/;

/**
 * A `paths`/`exclude`/report entry made relative to the project directory as GitLab Runner
 * does: the literal leading segments are cleaned (`a/./b`, `a/../b`), the glob part is kept.
 * Absolute paths and paths that leave the project directory are refused with GitLab's words.
 */
export function normalizeArtifactPath(raw: string): NormalizedPath {
  const refused = {
    ok: false,
    message: `artifact path is not a subpath of project directory: ${raw}`,
  } as const;
  if (raw.startsWith("/")) return refused;
  const segments = raw.split("/");
  const firstGlob = segments.findIndex((segment) => globChars.test(segment));
  const literal = firstGlob === -1 ? segments : segments.slice(0, firstGlob);
  const rest = firstGlob === -1 ? [] : segments.slice(firstGlob);
  const base = posix.normalize(literal.join("/") || ".");
  if (base === ".." || base.startsWith("../")) return refused;
  const joined = [base === "." ? "" : base.replace(/\/$/, ""), ...rest].filter((s) => s !== "");
  return { ok: true, path: joined.join("/") || "." };
}
