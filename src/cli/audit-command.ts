import { Option, type Command } from "commander";
import { runAudit } from "../app/audit/run-audit.js";
import { AirlockError } from "../core/airlock-error.js";
import type { FileAudit } from "../audit/audit-finding.js";
import type { ConfigKind } from "../audit/config-kind.js";
import { formatAuditHuman } from "../audit/format-audit-human.js";
import { formatAuditJson } from "../audit/format-audit-json.js";
import { formatAuditSarif } from "../audit/format-audit-sarif.js";
import { severities, severityAtLeast, type Severity } from "../audit/severity.js";

interface AuditFlags {
  readonly json?: boolean;
  readonly sarif?: boolean;
  readonly failOn?: Severity;
  readonly minSeverity: Severity;
  readonly kind?: ConfigKind;
}

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description(
      "report the isolation risks in a gitlab-runner, Docker, nspawn or act_runner setup",
    )
    .argument(
      "[paths...]",
      "config files or directories (default: /etc/gitlab-runner/config.toml, ~/.gitlab-runner/, /etc/docker/daemon.json, /etc/systemd/nspawn/)",
    )
    .option("--json", "print the findings as JSON")
    .option("--sarif", "print a SARIF 2.1.0 log (for GitLab and GitHub code scanning)")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding is at least this severe").choices(
        severities.filter((severity) => severity !== "info"),
      ),
    )
    .addOption(
      new Option("--min-severity <severity>", "leave out findings below this severity")
        .choices([...severities])
        .default("info"),
    )
    .addOption(
      new Option("--kind <kind>", "read every file as this kind instead of detecting it").choices([
        "gitlab-runner",
        "docker-daemon",
        "nspawn",
        "act-runner",
      ]),
    )
    .addHelpText(
      "after",
      "\nEach finding names its rule id, the file and line, the offending value (runner tokens\n" +
        "shortened), why it matters and the fix. Exit status: 0, or 1 with --fail-on when a\n" +
        "finding reaches that severity, 65 when a file is not valid, 66 when none was found.\n\n" +
        "Examples:\n  airlock audit\n  airlock audit /etc/gitlab-runner/config.toml --fail-on high\n" +
        "  airlock audit config.toml --sarif > airlock-audit.sarif",
    )
    .action(async (paths: readonly string[], flags: AuditFlags) => {
      if (flags.json === true && flags.sarif === true) {
        throw new AirlockError("AIRLOCK_E_USAGE", "give --json or --sarif, not both");
      }
      const run = await runAudit(paths, { kind: flags.kind, home: process.env.HOME });
      const audits: FileAudit[] = run.audits.map((audit) => ({
        ...audit,
        findings: audit.findings.filter((finding) =>
          severityAtLeast(finding.severity, flags.minSeverity),
        ),
      }));
      if (flags.json === true) {
        const errors = run.errors.map((error) => error.message);
        process.stdout.write(`${JSON.stringify(formatAuditJson(audits, errors), null, 2)}\n`);
      } else if (flags.sarif === true) {
        process.stdout.write(`${JSON.stringify(formatAuditSarif(audits, "0.1.0"), null, 2)}\n`);
      } else if (audits.length > 0) {
        process.stdout.write(
          formatAuditHuman(audits, {
            colour: process.stdout.isTTY && process.env.NO_COLOR === undefined,
            width: process.stdout.columns,
          }),
        );
      }
      for (const error of run.errors.slice(0, -1)) {
        process.stderr.write(`airlock: error [${error.code}]: ${error.message}\n`);
      }
      const last = run.errors.at(-1);
      if (last !== undefined) throw last;
      const failOn = flags.failOn;
      if (failOn === undefined) return;
      const failing = audits
        .flatMap((audit) => audit.findings)
        .filter((f) => severityAtLeast(f.severity, failOn));
      if (failing.length > 0) {
        throw new AirlockError(
          "AIRLOCK_E_AUDIT_FINDINGS",
          `${failing.length} finding(s) at or above ${failOn}`,
          { fix: "apply the fixes shown above, then run the audit again" },
        );
      }
    });
}
