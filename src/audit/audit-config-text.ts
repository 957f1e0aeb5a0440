import { auditActRunner } from "./audit-act-runner.js";
import { auditDockerDaemon } from "./audit-docker-daemon.js";
import type { AuditFinding, FileAudit } from "./audit-finding.js";
import { auditGitlabRunner, type FileFacts } from "./audit-gitlab-runner.js";
import { auditNspawn } from "./audit-nspawn.js";
import type { ConfigKind } from "./config-kind.js";
import { parseJsonDoc } from "./parse-json-doc.js";
import { parseNspawnDoc } from "./parse-nspawn-doc.js";
import { parseTomlDoc } from "./parse-toml-doc.js";
import { parseYamlDoc } from "./parse-yaml-doc.js";
import { severityRank } from "./severity.js";

/**
 * Parses one file's text as `kind` and applies every rule of that kind. Throws
 * AIRLOCK_E_AUDIT_PARSE (with line and column) when the text is not valid.
 */
export function auditConfigText(
  kind: ConfigKind,
  text: string,
  file: string,
  facts: FileFacts = {},
): FileAudit {
  const findings = ((): AuditFinding[] => {
    switch (kind) {
      case "gitlab-runner":
        return auditGitlabRunner(parseTomlDoc(text, file), file, facts);
      case "docker-daemon":
        return auditDockerDaemon(parseJsonDoc(text, file), file);
      case "nspawn":
        return auditNspawn(parseNspawnDoc(text, file), file);
      case "act-runner":
        return auditActRunner(parseYamlDoc(text, file), file);
    }
  })();
  return { file, kind, findings: sortFindings(findings) };
}

/** Most severe first, then by line. */
export function sortFindings(findings: readonly AuditFinding[]): AuditFinding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
