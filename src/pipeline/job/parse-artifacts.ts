import type { ArtifactsWhen } from "../../job/job-spec.js";
import type { RawNode } from "../raw/raw-node.js";
import { readBoolean, readOptionalString } from "../raw/read-scalar.js";
import { checkKeys } from "./check-keys.js";
import { parseReports, type ArtifactsReports } from "./parse-reports.js";
import { readDurationText } from "./read-duration-text.js";
import { readOneOf } from "./read-one-of.js";
import { readOptional } from "./read-optional.js";
import { readStringArray } from "./read-string-array.js";

export type ArtifactsAccess = "all" | "developer" | "maintainer" | "none";

export interface ArtifactsConfig {
  /** Globs relative to the project directory. */
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly untracked: boolean;
  readonly when: ArtifactsWhen;
  /** Kept as text (`1 week`, `never`); undefined for the instance default. */
  readonly expireIn: string | undefined;
  readonly exposeAs: string | undefined;
  /** The archive's name (default `artifacts`). */
  readonly name: string | undefined;
  /** From `access`, or from the older `public` (true -> all, false -> developer). */
  readonly access: ArtifactsAccess;
  readonly reports: ArtifactsReports;
}

const artifactsKeys = [
  "paths",
  "exclude",
  "untracked",
  "when",
  "expire_in",
  "expose_as",
  "name",
  "public",
  "access",
  "reports",
] as const;

const whens: readonly ArtifactsWhen[] = ["on_success", "on_failure", "always"];
const accesses: readonly ArtifactsAccess[] = ["all", "developer", "maintainer", "none"];

/** `artifacts`, with GitLab's defaults (`when: on_success`, `access: all`). */
export function parseArtifacts(node: RawNode): ArtifactsConfig {
  checkKeys(node, artifactsKeys, "artifacts");
  const publicNode = node.child("public");
  const accessNode = node.child("access");
  if (!publicNode.isMissing && !accessNode.isMissing) {
    throw accessNode.fail("expected either public: or access:, got both");
  }
  const paths = readOptional(
    node.child("paths"),
    (child) => readStringArray(child, "a list of paths"),
    [],
  );
  const exposeAs = readOptionalString(node.child("expose_as"));
  if (exposeAs !== undefined && paths.length === 0) {
    throw node
      .child("expose_as")
      .fail("expose_as: needs artifacts:paths; expected paths: next to it");
  }
  const isPublic = readOptional(publicNode, readBoolean, true);
  return {
    paths,
    exclude: readOptional(
      node.child("exclude"),
      (child) => readStringArray(child, "a list of paths"),
      [],
    ),
    untracked: readOptional(node.child("untracked"), readBoolean, false),
    when: readOptional(node.child("when"), (child) => readOneOf(child, whens), "on_success"),
    expireIn: readOptional(
      node.child("expire_in"),
      (child) => readDurationText(child, "1 week"),
      undefined,
    ),
    exposeAs,
    name: readOptionalString(node.child("name")),
    access: readOptional(
      accessNode,
      (child) => readOneOf(child, accesses),
      isPublic ? "all" : "developer",
    ),
    reports: readOptional(node.child("reports"), parseReports, { dotenv: [], ignored: [] }),
  };
}
