import type { RawNode } from "../raw/raw-node.js";
import { checkKeys } from "./check-keys.js";
import {
  noExecutorOptions,
  parseExecutorOptions,
  type ExecutorOptions,
} from "./parse-executor-options.js";
import { readPullPolicy, type PullPolicy } from "./read-pull-policy.js";
import { readCommand } from "./read-command.js";
import { readImageName } from "./read-image-name.js";

export interface ImageConfig {
  /** `<image>`, `<image>:<tag>` or `<image>@<digest>`; may hold CI/CD variables. */
  readonly name: string;
  /** Docker `--entrypoint` tokens; `[""]` clears the image's own entrypoint. */
  readonly entrypoint: readonly string[] | undefined;
  readonly pullPolicy: readonly PullPolicy[] | undefined;
  readonly options: ExecutorOptions;
}

export const imageKeys = ["name", "entrypoint", "pull_policy", "docker", "kubernetes"] as const;

/** `image`: a name, or a map with a required `name` and the runner options. */
export function parseImage(node: RawNode): ImageConfig {
  if (!node.isMap) {
    return {
      name: readImageName(node),
      entrypoint: undefined,
      pullPolicy: undefined,
      options: noExecutorOptions,
    };
  }
  checkKeys(node, imageKeys, "image");
  return {
    name: readImageName(node.child("name")),
    entrypoint: readCommand(node.child("entrypoint")),
    pullPolicy: node.child("pull_policy").isMissing
      ? undefined
      : readPullPolicy(node.child("pull_policy")),
    options: parseExecutorOptions(node),
  };
}
