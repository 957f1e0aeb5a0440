import type { RawNode } from "../raw/raw-node.js";
import { readStringList } from "../raw/read-scalar.js";

export interface ArtifactsReports {
  /** dotenv files, read into variables for later jobs. */
  readonly dotenv: readonly string[];
  /** Other report types present (junit, coverage_report, ...): accepted, not acted on. */
  readonly ignored: readonly string[];
}

/**
 * `artifacts:reports`: keeps `dotenv` (a path or a list of paths) and names the other
 * report types so the caller can warn once that airlock does not process them.
 */
export function parseReports(node: RawNode): ArtifactsReports {
  const keys = node.keys("a map of report types to paths");
  const dotenv = node.child("dotenv");
  return {
    dotenv: dotenv.isMissing ? [] : readStringList(dotenv, "a path or a list of paths"),
    ignored: keys.filter((key) => key !== "dotenv"),
  };
}
