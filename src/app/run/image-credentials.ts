import { readFile } from "node:fs/promises";
import type { JobVariable } from "../../job/job-spec.js";
import { runCredentialHelper } from "../../image/oci/credential-helper.host.js";
import {
  credentialHelperFor,
  credentialsFromDockerAuthConfig,
  type RegistryCredentials,
} from "../../image/oci/registry-credentials.js";
import type { ImagePullSettings } from "./image-pull-settings.js";

/** The host's Docker config, read as gitlab-runner reads its user's (airlock runs as root). */
export const hostDockerConfigPath = "/root/.docker/config.json";

/** Where credentials came from, for the job's log (gitlab-runner's wording); never the secret. */
export interface FoundCredentials {
  readonly credentials: RegistryCredentials;
  readonly source: string;
}

/** A Docker config text, where it comes from, and whether its credential helpers may run. */
interface ConfigSource {
  readonly text: string;
  readonly source: string;
  readonly trusted: boolean;
}

/**
 * The credentials for pulling from `registry`, as gitlab-runner looks for them: the job's
 * `DOCKER_AUTH_CONFIG` variable, else the runner's own (`settings.dockerAuthConfig`: its
 * `environment`, or airlock's environment for `airlock run`), then the host's
 * /root/.docker/config.json (`settings.hostDockerConfig` replaces the path), then the job's
 * registry logins. In each config a credential helper (`credHelpers` for the registry, else
 * `credsStore`) is asked first, then `auths`.
 *
 * Security: a helper is a host program run with host privileges, so helpers are honoured
 * only from the runner's own configuration (its DOCKER_AUTH_CONFIG, the host's config file).
 * A job's variable naming one (unless it is the runner's value itself, which the runner's
 * `environment` puts among the variables) is refused with a warning naming the variable;
 * its `auths` still count. Undefined: pull anonymously. Throws the AirlockErrors of a
 * malformed config (AIRLOCK_E_IMAGE_INVALID) or a failing helper (AIRLOCK_E_IMAGE_PULL_FAILED).
 */
export async function imageCredentials(
  registry: string,
  variables: readonly JobVariable[],
  settings: Pick<ImagePullSettings, "dockerAuthConfig" | "hostDockerConfig" | "registryLogins">,
  log: (line: string) => void,
): Promise<FoundCredentials | undefined> {
  const jobText = variables.find((v) => v.name === "DOCKER_AUTH_CONFIG")?.value;
  const runnerText = settings.dockerAuthConfig;
  const sources: ConfigSource[] = [];
  const dockerAuthConfig = jobText ?? runnerText;
  if (dockerAuthConfig !== undefined && dockerAuthConfig.trim() !== "") {
    sources.push({
      text: dockerAuthConfig,
      source: "$DOCKER_AUTH_CONFIG",
      trusted: jobText === undefined || jobText === runnerText,
    });
  }
  const hostPath = settings.hostDockerConfig ?? hostDockerConfigPath;
  const hostText = await readFile(hostPath, "utf8").catch(() => undefined);
  if (hostText !== undefined && hostText.trim() !== "")
    sources.push({ text: hostText, source: hostPath, trusted: true });
  for (const { text, source, trusted } of sources) {
    const helper = credentialHelperFor(text, registry, source);
    if (helper !== undefined && !trusted) {
      log(
        `WARNING: the job's variable DOCKER_AUTH_CONFIG names the credential helper "${helper}" for ${registry}: ignored, credential helpers run host programs and are honoured only from the runner's own configuration`,
      );
    } else if (helper !== undefined) {
      const fromHelper = await runCredentialHelper(helper, registry);
      if (fromHelper !== undefined)
        return { credentials: fromHelper, source: `${source} (credential helper ${helper})` };
    }
    const fromAuths = credentialsFromDockerAuthConfig(text, registry, source);
    if (fromAuths !== undefined) return { credentials: fromAuths, source };
  }
  const login = settings.registryLogins.find((l) => l.registry === registry);
  return login === undefined
    ? undefined
    : {
        credentials: { username: login.username, password: login.password },
        source: "job payload (GitLab Registry)",
      };
}
