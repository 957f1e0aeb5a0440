import type { AuditFinding } from "./audit-finding.js";
import { auditRule, type AuditRuleId } from "./audit-rules.js";
import { formatPath, type ConfigDoc, type DocPath } from "../config/config-doc.js";
import type { KnownTable } from "../config/gitlab-runner-known-keys.js";
import { redactSecrets } from "./redact-secrets.js";

/** What a rule saw: the file, where, and the value as written. */
export interface Evidence {
  readonly path: DocPath;
  readonly evidence: string;
  /** A better line than the path's (e.g. an array element). */
  readonly line?: number | undefined;
  /** A prefix for the location, e.g. the runner's name. */
  readonly scope?: string;
  /** How many leading path parts `scope` stands for (left out of the shown location). */
  readonly scopeDepth?: number;
}

/** Builds a finding from a rule id: severity, why, fix and airlock's note come from the rule. */
export function makeFinding(
  file: string,
  doc: ConfigDoc | undefined,
  id: AuditRuleId,
  seen: Evidence,
): AuditFinding {
  const rule = auditRule(id);
  const place = formatPath(seen.path.slice(seen.scopeDepth ?? 0));
  return {
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    file,
    line: seen.line ?? doc?.lineOf(seen.path),
    location:
      seen.scope === undefined
        ? place || "(whole file)"
        : place === ""
          ? seen.scope
          : `${seen.scope} > ${place}`,
    evidence: redactSecrets(seen.evidence),
    why: rule.why,
    fix: rule.fix,
    airlock: rule.airlock,
  };
}

/** The unknown keys of `table` (own keys not in `known`) as findings. */
export function unknownKeyFindings(
  file: string,
  doc: ConfigDoc,
  table: unknown,
  path: DocPath,
  known: ReadonlySet<string> | ((key: string) => boolean),
  scope?: string,
  scopeDepth?: number,
): AuditFinding[] {
  if (typeof table !== "object" || table === null || Array.isArray(table)) return [];
  const isKnown = typeof known === "function" ? known : (key: string) => known.has(key);
  return Object.keys(table)
    .filter((key) => !isKnown(key))
    .map((key) =>
      makeFinding(file, doc, "AUD000", {
        path: [...path, key],
        evidence: `${key} (not a known ${path.length === 0 ? "top-level" : formatPath(path.filter((p) => typeof p === "string"))} key)`,
        ...(scope === undefined ? {} : { scope, scopeDepth: scopeDepth ?? 0 }),
      }),
    );
}

/**
 * The unknown keys of `table` and, recursively, of the nested tables `schema` describes (a
 * nested key holding an array of tables is checked element by element).
 */
export function unknownKeyFindingsDeep(
  file: string,
  doc: ConfigDoc,
  table: unknown,
  path: DocPath,
  schema: KnownTable,
  scope?: string,
  scopeDepth?: number,
): AuditFinding[] {
  if (typeof table !== "object" || table === null || Array.isArray(table)) return [];
  const findings = unknownKeyFindings(file, doc, table, path, schema.keys, scope, scopeDepth);
  for (const [key, nested] of Object.entries(schema.tables ?? {})) {
    const value: unknown = (table as Record<string, unknown>)[key];
    const items = Array.isArray(value)
      ? value.map((item, i) => [item, [key, i]] as const)
      : [[value, [key]] as const];
    for (const [item, rest] of items) {
      findings.push(
        ...unknownKeyFindingsDeep(file, doc, item, [...path, ...rest], nested, scope, scopeDepth),
      );
    }
  }
  return findings;
}
