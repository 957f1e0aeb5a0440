import { createHash } from "node:crypto";
import { AirlockError } from "../../core/airlock-error.js";

/** A repository URL split into what may be written down and what may not. */
export interface GitRemote {
  /** The URL without user or password: safe for argv, config and logs. */
  readonly url: string;
  /**
   * git configuration for one command's environment (GIT_CONFIG_COUNT/KEY_n/VALUE_n):
   * `http.extraHeader: Authorization: Basic ...` when the URL held credentials. Never put
   * into argv (world-readable in /proc) or onto disk.
   */
  readonly authEnv: Readonly<Record<string, string>>;
  /** sha256 of `url`: the mirror's name, the same for every job of the repository. */
  readonly key: string;
}

/**
 * Splits GitLab's `repo_url` (`https://gitlab-ci-token:<job token>@host/group/project.git`).
 * Only http and https are accepted: the URL comes from GitLab, nothing else is fetched.
 */
export function gitRemote(repoUrl: string): GitRemote {
  let parsed: URL;
  try {
    parsed = new URL(repoUrl);
  } catch {
    throw new AirlockError("AIRLOCK_E_GITLAB_PAYLOAD", "the job's repository URL is not a URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new AirlockError(
      "AIRLOCK_E_GITLAB_PAYLOAD",
      `the job's repository URL uses ${parsed.protocol}, not http or https`,
    );
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = "";
  parsed.password = "";
  const url = parsed.toString();
  const authEnv: Record<string, string> =
    user === "" && password === ""
      ? {}
      : {
          GIT_CONFIG_COUNT: "1",
          GIT_CONFIG_KEY_0: "http.extraHeader",
          GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
        };
  return { url, authEnv, key: createHash("sha256").update(url).digest("hex") };
}
