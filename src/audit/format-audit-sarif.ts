import type { FileAudit } from "./audit-finding.js";
import { auditRules } from "./audit-rules.js";
import type { Severity } from "./severity.js";

const levels: Readonly<Record<Severity, "error" | "warning" | "note">> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** GitHub code scanning ranks alerts by this CVSS-like score. */
const securitySeverity: Readonly<Record<Severity, string>> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

/** The audit as a SARIF 2.1.0 log (GitLab and GitHub code scanning read it). */
export function formatAuditSarif(audits: readonly FileAudit[], version: string): unknown {
  const index = new Map<string, number>(auditRules.map((rule, i) => [rule.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "airlock audit",
            version,
            rules: auditRules.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.why },
              help: { text: rule.fix, markdown: rule.fix },
              defaultConfiguration: { level: levels[rule.severity] },
              properties: {
                tags: ["security", rule.kind],
                "security-severity": securitySeverity[rule.severity],
                severity: rule.severity,
              },
            })),
          },
        },
        results: audits.flatMap((audit) =>
          audit.findings.map((finding) => ({
            ruleId: finding.ruleId,
            ruleIndex: index.get(finding.ruleId) ?? -1,
            level: levels[finding.severity],
            message: {
              text:
                `${finding.title}: ${finding.evidence} (${finding.location}). Fix: ${finding.fix}` +
                (finding.airlock === undefined ? "" : ` airlock: ${finding.airlock}.`),
            },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(finding.file) },
                  region: { startLine: finding.line ?? 1 },
                },
                logicalLocations: [{ fullyQualifiedName: finding.location }],
              },
            ],
            partialFingerprints: {
              "airlockFinding/v1": `${finding.ruleId}:${finding.location}:${finding.evidence}`,
            },
            properties: { severity: finding.severity },
          })),
        ),
      },
    ],
  };
}
