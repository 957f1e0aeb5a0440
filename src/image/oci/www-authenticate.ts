/** What a registry's 401 answer asks for (RFC 7235 `WWW-Authenticate`). */
export type AuthChallenge =
  | {
      readonly scheme: "bearer";
      readonly realm: string;
      readonly service: string | undefined;
      readonly scope: string | undefined;
    }
  | { readonly scheme: "basic" };

/**
 * Parses the first Bearer or Basic challenge of a `WWW-Authenticate` header; undefined for
 * anything else (no header, another scheme, a Bearer challenge without a realm).
 */
export function parseAuthChallenge(header: string | null): AuthChallenge | undefined {
  if (header === null) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (match === null) return undefined;
  const scheme = (match[1] ?? "").toLowerCase();
  if (scheme === "basic") return { scheme: "basic" };
  if (scheme !== "bearer") return undefined;
  const params = new Map<string, string>();
  const paramPattern = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/g;
  for (const m of (match[2] ?? "").matchAll(paramPattern)) {
    const name = (m[1] ?? "").toLowerCase();
    const value = m[2] === undefined ? (m[3] ?? "") : m[2].replace(/\\(.)/g, "$1");
    if (!params.has(name)) params.set(name, value);
  }
  const realm = params.get("realm");
  if (realm === undefined || realm.length === 0) return undefined;
  return { scheme: "bearer", realm, service: params.get("service"), scope: params.get("scope") };
}
