import type { SandboxSpec } from "../sandbox-spec.js";

const basePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The complete environment of a command in the sandbox, as `KEY=VALUE` strings: a base
 * (PATH, HOME, HOSTNAME), then the sandbox's env, then the command's own, later winning.
 * Nothing of the host's or of airlock's own environment is passed.
 */
export function execEnvironment(
  spec: SandboxSpec,
  requestEnv: Readonly<Record<string, string>>,
): string[] {
  const env = {
    PATH: basePath,
    HOME: "/root",
    HOSTNAME: spec.hostname,
    ...spec.env,
    ...requestEnv,
  };
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}
