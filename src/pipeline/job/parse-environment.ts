import type { RawNode } from "../raw/raw-node.js";
import { readOptionalString, readString } from "../raw/read-scalar.js";
import { checkKeys } from "./check-keys.js";
import { readDurationText } from "./read-duration-text.js";
import { readOneOf } from "./read-one-of.js";
import { readOptional } from "./read-optional.js";

export type EnvironmentAction = "start" | "prepare" | "stop" | "verify" | "access";
export type DeploymentTier = "production" | "staging" | "testing" | "development" | "other";

export interface EnvironmentConfig {
  /** May hold CI/CD variables (`review/$CI_COMMIT_REF_SLUG`). */
  readonly name: string;
  readonly url: string | undefined;
  readonly action: EnvironmentAction;
  /** The job that stops this environment. */
  readonly onStop: string | undefined;
  readonly autoStopIn: string | undefined;
  /** A DeploymentTier, or text holding a CI/CD variable for the caller to expand. */
  readonly deploymentTier: string | undefined;
}

const environmentKeys = [
  "name",
  "url",
  "action",
  "on_stop",
  "auto_stop_in",
  "deployment_tier",
  "kubernetes",
] as const;
const actions: readonly EnvironmentAction[] = ["start", "prepare", "stop", "verify", "access"];
const tiers: readonly DeploymentTier[] = [
  "production",
  "staging",
  "testing",
  "development",
  "other",
];

/** Letters, digits, spaces, `-`, `_`, `/`, `$`, `{`, `}` (and `.`), not starting or ending with `/`. */
const environmentName = /^[A-Za-z0-9 _\-/${}.]+$/;

/** `environment`: a name, or a map with a required `name` (`kubernetes` accepted, unused). */
export function parseEnvironment(node: RawNode): EnvironmentConfig {
  if (!node.isMap) {
    return {
      name: readEnvironmentName(node),
      url: undefined,
      action: "start",
      onStop: undefined,
      autoStopIn: undefined,
      deploymentTier: undefined,
    };
  }
  checkKeys(node, environmentKeys, "environment");
  const tier = node.child("deployment_tier");
  return {
    name: readEnvironmentName(node.child("name")),
    url: readOptionalString(node.child("url"), "a URL"),
    action: readOptional(node.child("action"), (child) => readOneOf(child, actions), "start"),
    onStop: readOptionalString(node.child("on_stop"), "the name of a job"),
    autoStopIn: readOptional(
      node.child("auto_stop_in"),
      (child) => readDurationText(child, "1 day"),
      undefined,
    ),
    deploymentTier: tier.isMissing ? undefined : readTier(tier),
  };
}

function readEnvironmentName(node: RawNode): string {
  const name = readString(node, "an environment name or a map with name:");
  if (!environmentName.test(name) || name.startsWith("/") || name.endsWith("/")) {
    throw node.fail(
      `expected an environment name of letters, digits, spaces, -, _, /, $, {, } (not starting or ending with /), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

function readTier(node: RawNode): string {
  if (typeof node.value === "string" && node.value.includes("$")) return node.value;
  return readOneOf(node, tiers);
}
