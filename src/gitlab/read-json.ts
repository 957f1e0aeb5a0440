import { AirlockError } from "../core/airlock-error.js";

/** The JSON body of a GitLab answer; AIRLOCK_E_GITLAB_API when it is not JSON. */
export async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AirlockError(
      "AIRLOCK_E_GITLAB_API",
      `${what}: ${response.url === "" ? "GitLab" : response.url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 120)}`,
      { fix: "check the GitLab URL points at GitLab itself, not at a proxy or a login page" },
    );
  }
}
