import type { RawNode } from "../raw/raw-node.js";
import { readOptionalString } from "../raw/read-scalar.js";
import { checkKeys } from "./check-keys.js";

/** `image:docker` / `services:docker` and the `kubernetes` twin: options for the runner. */
export interface ExecutorOptions {
  readonly docker: { readonly platform: string | undefined; readonly user: string | undefined };
  readonly kubernetesUser: string | undefined;
}

/** For the string forms of image and services. */
export const noExecutorOptions: ExecutorOptions = {
  docker: { platform: undefined, user: undefined },
  kubernetesUser: undefined,
};

/** Reads the `docker` and `kubernetes` children of an image or service map. */
export function parseExecutorOptions(node: RawNode): ExecutorOptions {
  const docker = node.child("docker");
  if (!docker.isMissing) checkKeys(docker, ["platform", "user"], "docker");
  const kubernetes = node.child("kubernetes");
  if (!kubernetes.isMissing) checkKeys(kubernetes, ["user"], "kubernetes");
  return {
    docker: {
      platform: readOptionalString(docker.child("platform")),
      user: readOptionalString(docker.child("user")),
    },
    kubernetesUser: readOptionalString(kubernetes.child("user")),
  };
}
