/** A Docker `volumes` entry split into its parts: `HOST:CONTAINER[:MODE]` or `CONTAINER`. */
export interface VolumeEntry {
  /** Absolute host path for a bind mount; undefined for an anonymous or named volume. */
  readonly hostPath: string | undefined;
  readonly containerPath: string;
  readonly readOnly: boolean;
}

export function parseVolumeEntry(entry: string): VolumeEntry {
  const parts = entry.split(":");
  if (parts.length === 1) return { hostPath: undefined, containerPath: entry, readOnly: false };
  const [source = "", target = "", mode = ""] = parts;
  const readOnly = mode.split(",").includes("ro");
  const isBind = source.startsWith("/") || source.startsWith("~") || source.startsWith(".");
  return { hostPath: isBind ? normalise(source) : undefined, containerPath: target, readOnly };
}

function normalise(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** Sockets that give the holder control of the host's containers. */
export function isRuntimeSocket(path: string): boolean {
  return (
    /(^|\/)(docker|containerd|podman|crio|buildkitd)\.sock$/.test(path) ||
    /^\/(var\/)?run\/(docker|containerd|podman|crio|buildkit)(\/|$)/.test(path)
  );
}

const sensitive = [
  "/etc",
  "/root",
  "/home",
  "/boot",
  "/proc",
  "/sys",
  "/dev",
  "/usr",
  "/bin",
  "/sbin",
  "/lib",
  "/var/lib/docker",
  "/var/lib/containerd",
  "/var/lib/kubelet",
  "/var/lib/gitlab-runner",
  "/etc/gitlab-runner",
  "/var/run",
  "/run",
];

/** System paths whose exposure leaks host secrets or lets a job change the host. */
export function isSensitiveHostPath(path: string): boolean {
  if (path === "/" || path.startsWith("~")) return true;
  return sensitive.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** True for `0.0.0.0:P`, `:P`, `[::]:P` and friends. */
export function listensOnAllInterfaces(address: string): boolean {
  const host = address.includes("]")
    ? address.slice(0, address.indexOf("]") + 1)
    : address.replace(/:\d*$/, "");
  return host === "" || host === "0.0.0.0" || host === "[::]" || host === "::" || host === "*";
}
