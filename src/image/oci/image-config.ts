/**
 * What airlock keeps of an image's config blob (OCI image config / Docker container config):
 * the defaults a job's container starts with, and the layers' uncompressed digests.
 */
export interface OciImageConfig {
  readonly entrypoint: readonly string[] | undefined;
  readonly cmd: readonly string[] | undefined;
  /** `NAME=value` lines as in the image. */
  readonly env: readonly string[];
  readonly workingDir: string | undefined;
  /** `user[:group]`, by name or number; undefined: root. */
  readonly user: string | undefined;
  /** TCP ports of `ExposedPorts` (`"6379/tcp"`), ascending; what a service is waited for. */
  readonly exposedPorts: readonly number[];
  readonly os: string;
  readonly architecture: string;
}

export interface ParsedConfig {
  readonly config: OciImageConfig;
  /** `rootfs.diff_ids`: sha256 of each layer's uncompressed tar, in layer order. */
  readonly diffIds: readonly string[];
}

/** Parses a config blob; a reason string when it is not a usable image config. */
export function parseImageConfig(body: string): ParsedConfig | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "the image config is not JSON";
  }
  if (!isRecord(value)) return "the image config is not an object";
  const rootfs = value["rootfs"];
  const diffIds = isRecord(rootfs) ? rootfs["diff_ids"] : undefined;
  if (!isStringArray(diffIds) || !diffIds.every((d) => /^sha256:[0-9a-f]{64}$/.test(d))) {
    return "the image config has no valid rootfs.diff_ids";
  }
  const c = isRecord(value["config"]) ? value["config"] : {};
  const text = (v: unknown): string | undefined =>
    typeof v === "string" && v !== "" ? v : undefined;
  return {
    diffIds,
    config: {
      entrypoint: isStringArray(c["Entrypoint"]) ? c["Entrypoint"] : undefined,
      cmd: isStringArray(c["Cmd"]) ? c["Cmd"] : undefined,
      env: isStringArray(c["Env"]) ? c["Env"] : [],
      workingDir: text(c["WorkingDir"]),
      user: text(c["User"]),
      exposedPorts: tcpPorts(c["ExposedPorts"]),
      os: text(value["os"]) ?? "linux",
      architecture: text(value["architecture"]) ?? "",
    },
  };
}

/** The stored form read back (oci.json): undefined when damaged. */
export function parseStoredConfig(value: unknown): OciImageConfig | undefined {
  if (!isRecord(value)) return undefined;
  const optionalList = (v: unknown): readonly string[] | undefined | null =>
    v === undefined || v === null ? undefined : isStringArray(v) ? v : null;
  const optionalText = (v: unknown): string | undefined | null =>
    v === undefined || v === null ? undefined : typeof v === "string" ? v : null;
  const entrypoint = optionalList(value["entrypoint"]);
  const cmd = optionalList(value["cmd"]);
  const workingDir = optionalText(value["workingDir"]);
  const user = optionalText(value["user"]);
  const { env, os, architecture } = value;
  // Images pulled before exposedPorts was kept have none recorded.
  const exposedPorts = value["exposedPorts"] ?? [];
  if (entrypoint === null || cmd === null || workingDir === null || user === null) return undefined;
  if (!isStringArray(env) || typeof os !== "string" || typeof architecture !== "string") {
    return undefined;
  }
  if (!Array.isArray(exposedPorts) || !exposedPorts.every(isPort)) return undefined;
  return { entrypoint, cmd, env, workingDir, user, exposedPorts, os, architecture };
}

/** The TCP ports of an `ExposedPorts` object (`{"6379/tcp": {}}`; no protocol means tcp). */
function tcpPorts(value: unknown): readonly number[] {
  if (!isRecord(value)) return [];
  const ports = Object.keys(value).flatMap((key) => {
    const match = /^(\d{1,5})(?:\/tcp)?$/i.exec(key);
    const port = Number(match?.[1]);
    return isPort(port) ? [port] : [];
  });
  return [...new Set(ports)].sort((a, b) => a - b);
}

function isPort(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value < 65536;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
