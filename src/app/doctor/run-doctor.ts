import { AirlockError } from "../../core/airlock-error.js";
import { assessReadiness, type Readiness } from "./assess-readiness.js";
import { fixPackages } from "./fix-packages.js";
import type { HostReport } from "./host-report.js";
import { installPackages } from "./install-packages.host.js";
import { probeHost } from "./probe-host.host.js";

export interface DoctorOptions {
  /** Install the missing packages, then check again. Needs root. */
  readonly fix: boolean;
}

export interface DoctorHooks {
  /** Hears each report: the first check and, when --fix installed something, the re-check. */
  readonly onReport: (report: HostReport, readiness: Readiness, phase: "check" | "recheck") => void;
  /** Hears what --fix does, as it does it. */
  readonly onProgress: (line: string) => void;
}

export interface DoctorResult {
  readonly report: HostReport;
  readonly readiness: Readiness;
}

/**
 * `airlock doctor`: checks the host and, with `fix`, installs every missing package a row
 * names, then checks again. Rows no package fixes keep their fix text (a step for a person).
 */
export async function runDoctor(options: DoctorOptions, hooks: DoctorHooks): Promise<DoctorResult> {
  if (options.fix && process.geteuid?.() !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_NOT_ROOT",
      "`airlock doctor --fix` installs packages and needs root",
      {
        fix: "run `sudo airlock doctor --fix`",
      },
    );
  }
  const report = await probeHost();
  const readiness = assessReadiness(report);
  hooks.onReport(report, readiness, "check");
  if (!options.fix) return { report, readiness };

  const packages = fixPackages(report.checks);
  const byHand = report.checks.filter(
    (row) => row.status === "missing" && row.package === undefined,
  );
  if (packages.length === 0) {
    hooks.onProgress("--fix: nothing to install, every package airlock uses is present");
  } else {
    hooks.onProgress(`--fix: installing ${packages.join(", ")}`);
    await installPackages(packages, hooks.onProgress);
  }
  for (const row of byHand) {
    hooks.onProgress(`--fix: ${row.id} needs a step no package does: ${row.fix ?? row.detail}`);
  }
  if (packages.length === 0) return { report, readiness };

  hooks.onProgress("--fix: checking again");
  const after = await probeHost();
  const afterReadiness = assessReadiness(after);
  hooks.onReport(after, afterReadiness, "recheck");
  return { report: after, readiness: afterReadiness };
}
