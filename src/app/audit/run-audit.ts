import { AirlockError, isAirlockError } from "../../core/airlock-error.js";
import { auditConfigText } from "../../audit/audit-config-text.js";
import type { FileAudit } from "../../audit/audit-finding.js";
import type { ConfigKind } from "../../audit/config-kind.js";
import { detectConfigKind } from "../../audit/detect-config-kind.js";
import { defaultAuditPaths } from "./default-audit-paths.js";
import { readAuditInputs } from "./read-audit-inputs.host.js";

export interface AuditRun {
  readonly audits: readonly FileAudit[];
  /** Files that could not be read or parsed; each message says where and why. */
  readonly errors: readonly AirlockError[];
}

/**
 * Audits the files named (or the usual places when none is named): finds them, detects
 * what each is (unless `kind` is forced), and runs that kind's rules.
 */
export async function runAudit(
  paths: readonly string[],
  options: { readonly kind?: ConfigKind | undefined; readonly home?: string | undefined } = {},
): Promise<AuditRun> {
  const searched = paths.length === 0 ? defaultAuditPaths(options.home) : paths;
  const { inputs, problems } = await readAuditInputs(searched, paths.length === 0);
  const errors: AirlockError[] = problems.map(
    (problem) =>
      new AirlockError("AIRLOCK_E_AUDIT_NO_INPUT", `${problem.file}: ${problem.reason}`, {
        fix: "name a readable gitlab-runner config.toml, daemon.json, .nspawn file or act_runner config.yaml",
      }),
  );
  if (inputs.length === 0 && errors.length === 0) {
    throw new AirlockError(
      "AIRLOCK_E_AUDIT_NO_INPUT",
      `no runner configuration found in ${searched.join(", ")}`,
      { fix: "name the files to audit: `airlock audit /path/to/config.toml`" },
    );
  }
  const audits: FileAudit[] = [];
  for (const input of inputs) {
    const kind = options.kind ?? detectConfigKind(input.file, input.text);
    if (kind === undefined) {
      errors.push(
        new AirlockError(
          "AIRLOCK_E_AUDIT_PARSE",
          `${input.file}: cannot tell what kind of file this is`,
          {
            fix: "give --kind gitlab-runner|docker-daemon|nspawn|act-runner",
          },
        ),
      );
      continue;
    }
    try {
      audits.push(auditConfigText(kind, input.text, input.file, { mode: input.mode }));
    } catch (error: unknown) {
      if (!isAirlockError(error)) throw error;
      errors.push(error);
    }
  }
  return { audits, errors };
}
