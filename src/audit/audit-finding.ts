import type { ConfigKind } from "./config-kind.js";
import type { Severity } from "./severity.js";

/** One risk found in one file: which rule, where, the offending value, why, and the fix. */
export interface AuditFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based; undefined when the risk is the absence of a setting in a file with no better place. */
  readonly line: number | undefined;
  /** Where in the file, e.g. `runners[0] "build-1" > docker.privileged`. */
  readonly location: string;
  /** The offending value as written, secrets redacted. */
  readonly evidence: string;
  readonly why: string;
  readonly fix: string;
  /** What airlock does about it, when airlock removes the risk by construction. */
  readonly airlock: string | undefined;
}

/** The result of auditing one file. */
export interface FileAudit {
  readonly file: string;
  readonly kind: ConfigKind;
  readonly findings: readonly AuditFinding[];
}
