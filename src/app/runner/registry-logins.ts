import type { GitlabCredential } from "../../gitlab/gitlab-job-payload.js";
import type { RegistryLogin } from "../run/image-pull-settings.js";

/**
 * The `registry` entries of a payload's `credentials`, keyed by host[:port] as image
 * references name registries: a scheme and a path in `url` are dropped (gitlab-runner's
 * convertToHostname) and Docker Hub's hosts are `docker.io`. The first entry for a host wins.
 */
export function registryLogins(credentials: readonly GitlabCredential[]): readonly RegistryLogin[] {
  const logins: RegistryLogin[] = [];
  for (const entry of credentials) {
    if (entry.type !== "registry") continue;
    const host = entry.url
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
      .replace(/\/.*$/, "");
    const registry =
      host === "index.docker.io" || host === "registry-1.docker.io" ? "docker.io" : host;
    if (registry === "" || logins.some((l) => l.registry === registry)) continue;
    logins.push({ registry, username: entry.username, password: entry.password });
  }
  return logins;
}
