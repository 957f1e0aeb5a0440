import { valueAt, type DocPath } from "./config-doc.js";
import type { ConfigProblems } from "./config-problems.js";

/**
 * Refuses the `[runners.docker]` settings that would break a job's isolation, each with
 * what airlock does instead: `privileged`/`services_privileged = true`, host or named
 * `volumes`, `network_mode = "host"`, `cap_add`, `devices`/`services_devices`; warns that
 * the harmless values of these keys have no effect. Returns the keys it looked at (their
 * values need no further report).
 */
export function refuseIsolationBreakers(
  root: unknown,
  docker: DocPath,
  problems: ConfigProblems,
): ReadonlySet<string> {
  for (const key of ["privileged", "services_privileged"]) {
    if (valueAt(root, [...docker, key]) === true) {
      problems.error(
        [...docker, key],
        'refused: a privileged container controls the host. airlock runs every job as root inside its own sandbox with no capability on the host; for Docker inside jobs use [runners.airlock] backend = "microvm" (a real dockerd inside the VM). Remove the line.',
      );
    }
  }
  const volumes = valueAt(root, [...docker, "volumes"]);
  if (Array.isArray(volumes)) {
    volumes.forEach((entry: unknown) => {
      if (typeof entry === "string" && entry.includes(":")) {
        problems.error(
          [...docker, "volumes"],
          `refused: "${entry}" mounts a host path (or a named volume that outlives the job) into jobs. airlock gives a job only its workspace and read-only caches; carry files between jobs with cache: and artifacts: in .gitlab-ci.yml. Remove the entry.`,
        );
      } else if (typeof entry === "string") {
        problems.warn(
          [...docker, "volumes"],
          `"${entry}" has no effect in airlock: nothing survives a job except its caches (per project and key) and artifacts`,
        );
      }
    });
  }
  const networkMode = valueAt(root, [...docker, "network_mode"]);
  if (typeof networkMode === "string" && networkMode !== "" && networkMode !== "host") {
    problems.warn(
      [...docker, "network_mode"],
      "has no effect in airlock: every job has its own network namespace; see [runners.airlock] network",
    );
  }
  if (networkMode === "host") {
    problems.error(
      [...docker, "network_mode"],
      'refused: "host" puts jobs in the host\'s network namespace (its services, the cloud metadata endpoint, other jobs). airlock gives every job its own network namespace under [runners.airlock] network = "none", "internet" or "allowlist". Remove the line.',
    );
  }
  const capAdd = valueAt(root, [...docker, "cap_add"]);
  if (Array.isArray(capAdd) && capAdd.length > 0) {
    problems.error(
      [...docker, "cap_add"],
      "refused: added capabilities reach the host kernel. airlock jobs hold no capability on the host; root inside the sandbox covers what CI jobs need (apt-get, chown, mount of the workspace). Remove the line.",
    );
  }
  for (const key of ["devices", "services_devices"]) {
    const devices = valueAt(root, [...docker, key]);
    if (Array.isArray(devices) && devices.length > 0) {
      problems.error(
        [...docker, key],
        "refused: host devices give jobs direct access to host hardware. airlock passes no host device into a job. Remove the line.",
      );
    }
  }
  return new Set([
    "privileged",
    "services_privileged",
    "volumes",
    "network_mode",
    "cap_add",
    "devices",
    "services_devices",
  ]);
}
