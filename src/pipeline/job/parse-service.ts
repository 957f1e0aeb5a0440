import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { readOptionalString } from "../raw/read-scalar.js";
import { checkKeys } from "./check-keys.js";
import {
  noExecutorOptions,
  parseExecutorOptions,
  type ExecutorOptions,
} from "./parse-executor-options.js";
import { readCommand } from "./read-command.js";
import { readImageName } from "./read-image-name.js";
import { readPullPolicy, type PullPolicy } from "./read-pull-policy.js";

export interface ServiceConfig {
  readonly name: string;
  /** Extra host names, from `alias` split at commas and spaces (`db,postgres,pg`). */
  readonly aliases: readonly string[];
  readonly entrypoint: readonly string[] | undefined;
  readonly command: readonly string[] | undefined;
  /** Service-only variables in file order (values as text). */
  readonly variables: readonly { readonly name: string; readonly value: string }[];
  readonly pullPolicy: readonly PullPolicy[] | undefined;
  readonly options: ExecutorOptions;
}

const serviceKeys = [
  "name",
  "alias",
  "entrypoint",
  "command",
  "variables",
  "pull_policy",
  "docker",
  "kubernetes",
] as const;

/** One `services` item: an image name, or a map with a required `name`. */
export function parseService(node: RawNode): ServiceConfig {
  if (!node.isMap) {
    return {
      name: readImageName(node),
      aliases: [],
      entrypoint: undefined,
      command: undefined,
      variables: [],
      pullPolicy: undefined,
      options: noExecutorOptions,
    };
  }
  checkKeys(node, serviceKeys, "a service");
  const pullPolicy = node.child("pull_policy");
  return {
    name: readImageName(node.child("name")),
    aliases: splitAliases(
      readOptionalString(node.child("alias"), "a host name or a comma-separated list"),
    ),
    entrypoint: readCommand(node.child("entrypoint")),
    command: readCommand(node.child("command")),
    variables: readServiceVariables(node.child("variables")),
    pullPolicy: pullPolicy.isMissing ? undefined : readPullPolicy(pullPolicy),
    options: parseExecutorOptions(node),
  };
}

function splitAliases(alias: string | undefined): readonly string[] {
  if (alias === undefined) return [];
  return [...new Set(alias.split(/[\s,]+/).filter((part) => part !== ""))];
}

const variableName = /^[A-Za-z0-9_]+$/;

function readServiceVariables(node: RawNode): ServiceConfig["variables"] {
  if (node.isMissing) return [];
  return node.keys("a map of variable names to values").map((name) => {
    const child = node.child(name);
    if (!variableName.test(name)) {
      throw child.fail(
        `expected a variable name of letters, digits and _, got ${JSON.stringify(name)}`,
      );
    }
    const value = child.value;
    if (typeof value === "string") return { name, value };
    if (typeof value === "number" || typeof value === "boolean")
      return { name, value: String(value) };
    throw child.fail(`expected a string value, got ${describeRaw(value)}`);
  });
}
