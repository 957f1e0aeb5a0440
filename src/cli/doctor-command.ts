import type { Command } from "commander";
import { doctorJson } from "../app/doctor/doctor-json.js";
import { formatSummary } from "../app/doctor/format-summary.js";
import { formatTable } from "../app/doctor/format-table.js";
import { runDoctor } from "../app/doctor/run-doctor.js";

interface DoctorFlags {
  readonly fix?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** `airlock doctor [--fix] [--json]`: what this host offers airlock and what it lacks. */
export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check what this host offers airlock (and, with --fix, install what it lacks)")
    .option("--fix", "install missing packages with apt-get, then check again (needs root)")
    .option("--json", "print the checks and the chosen runtime as JSON")
    .option("-q, --quiet", "print only the rows that are not ok, and the summary")
    .action(async (flags: DoctorFlags) => {
      const json = flags.json === true;
      const color = !json && process.stdout.isTTY && process.env["NO_COLOR"] === undefined;
      const result = await runDoctor(
        { fix: flags.fix === true },
        {
          onReport: (report, readiness) => {
            if (json) return;
            const rows =
              flags.quiet === true
                ? report.checks.filter((row) => row.status !== "ok")
                : report.checks;
            if (rows.length > 0) process.stdout.write(formatTable(rows, { color }));
            process.stdout.write(`\n${formatSummary(readiness, { color })}`);
          },
          onProgress: (line) => (json ? process.stderr : process.stdout).write(`${line}\n`),
        },
      );
      if (json) {
        process.stdout.write(
          `${JSON.stringify(doctorJson(result.report, result.readiness), null, 2)}\n`,
        );
      }
      process.exitCode = result.readiness.container ? 0 : 1;
    });
}
