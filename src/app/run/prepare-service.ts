import { AirlockError } from "../../core/airlock-error.js";
import type { JobService, JobVariable } from "../../job/job-spec.js";
import { serviceHostNames } from "../../pipeline/job/service-host-names.js";
import type { OciImageConfig } from "../../image/oci/image-config.js";
import { execUser, type ImageUser } from "../../image/oci/image-user.js";
import type { ImagePullSettings } from "./image-pull-settings.js";
import { imageEnvironment } from "./image-environment.js";
import { imageRunAs } from "./image-run-as.js";
import { resolveJobImage } from "./job-image.js";

/** A service with its image obtained: what startServices needs. */
export interface PreparedService {
  readonly name: string;
  /** The image in the store (name or id). */
  readonly image: string;
  /** Derived names, then the aliases: each resolves to the job's loopback. */
  readonly hostNames: readonly string[];
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** TCP ports to wait for: HEALTHCHECK_TCP_PORT, else the image's ExposedPorts. */
  readonly ports: readonly number[];
  /** `docker: user`, else the image's `User`, resolved in its /etc/passwd and /etc/group; undefined: root of the sandbox. */
  readonly runAs?: ImageUser;
}

/**
 * Obtains a service's image (same pull policies and credentials as the job's image, checked
 * against allowed_services) and decides how it starts, as GitLab's docker executor does: the
 * image's Entrypoint and Cmd unless `entrypoint:` (which also drops the image's Cmd) or
 * `command:` replace them; environment: the image's Env, then the job's variables, then the
 * service's own; working directory: the image's WorkingDir; user: its `docker: user`, else
 * the image's User (with supplementary groups); `docker: platform` as for the job's image.
 */
export async function prepareService(
  service: JobService,
  variables: readonly JobVariable[],
  settings: ImagePullSettings,
  log: (line: string) => void,
): Promise<PreparedService> {
  log(`Starting service ${service.name} ...`);
  const resolved = await resolveJobImage(service.name, {
    pullPolicy: service.pullPolicy,
    variables,
    settings,
    allowed: { key: "allowed_services", patterns: settings.allowedServices },
    log,
    platform: service.platform,
  });
  const config = resolved.config;
  const argv = serviceCommand(service, config);
  if (argv.length === 0) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_INVALID",
      `service ${service.name} has nothing to run: its image has no Entrypoint or Cmd`,
      { fix: "give the service an entrypoint: or command:" },
    );
  }
  const own = service.variables ?? [];
  const user = service.user ?? config?.user;
  const runAs = await imageRunAs(resolved.image, user, `service ${service.name}`);
  if (runAs !== undefined)
    log(`Service ${service.name} runs as user ${user ?? ""} (${runAs.uid}:${runAs.gid})`);
  const env = {
    ...(runAs === undefined ? {} : { HOME: runAs.home }),
    ...imageEnvironment(config?.env ?? []),
    ...Object.fromEntries(variables.filter((v) => !v.file).map((v) => [v.name, v.value])),
    ...Object.fromEntries(own.map((v) => [v.name, v.value])),
  };
  const healthPort = own.find((v) => v.name === "HEALTHCHECK_TCP_PORT")?.value;
  const ports =
    healthPort === undefined ? (config?.exposedPorts ?? []) : parsePorts(healthPort, service.name);
  return {
    name: service.name,
    image: resolved.image,
    hostNames: serviceHostNames({ name: service.name, aliases: service.aliases }),
    argv,
    env,
    cwd: config?.workingDir ?? "/",
    ports,
    ...(runAs === undefined ? {} : { runAs: execUser(runAs) }),
  };
}

/**
 * Docker's rule: the entrypoint (`entrypoint:`, else the image's) followed by the command
 * (`command:`, else the image's Cmd, which an `entrypoint:` override drops).
 */
export function serviceCommand(
  service: Pick<JobService, "entrypoint" | "command">,
  config: Pick<OciImageConfig, "entrypoint" | "cmd"> | undefined,
): readonly string[] {
  const entrypoint =
    service.entrypoint === undefined
      ? (config?.entrypoint ?? [])
      : service.entrypoint.filter((token) => token !== "");
  const command = service.command ?? (service.entrypoint === undefined ? (config?.cmd ?? []) : []);
  return [...entrypoint, ...command];
}

function parsePorts(text: string, name: string): readonly number[] {
  const ports = text
    .split(/[\s,]+/)
    .filter((p) => p !== "")
    .map(Number);
  if (ports.length === 0 || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
    throw new AirlockError(
      "AIRLOCK_E_PIPELINE_INVALID",
      `service ${name}: HEALTHCHECK_TCP_PORT "${text}" is not a TCP port`,
      { fix: "set HEALTHCHECK_TCP_PORT to a port number between 1 and 65535" },
    );
  }
  return ports;
}
