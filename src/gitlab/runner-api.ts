import type { GitlabApi } from "./gitlab-api.js";
import { JsonReader } from "./json-reader.js";
import { readJson } from "./read-json.js";
import type { RunnerInfo } from "./runner-info.js";
import type { RunnerCredentials } from "./runner-credentials.js";
import { statusError } from "./status-error.js";

const tokenFix =
  "the runner token is wrong, expired or its runner was deleted in GitLab: create the runner again (Admin or project/group Settings > CI/CD > Runners) and run airlock register with the new glrt- token";

/** What the legacy registration flow sends besides the registration token. */
export interface LegacyRegistration {
  readonly description: string;
  readonly tags: readonly string[];
  readonly runUntagged: boolean;
  readonly locked: boolean;
  readonly accessLevel: "not_protected" | "ref_protected";
  readonly maximumTimeout: number | undefined;
  readonly paused: boolean;
  readonly info: RunnerInfo;
}

/** `POST /runners` with a (legacy) registration token: 201 `{id, token, token_expires_at}`. */
export async function registerRunner(
  api: GitlabApi,
  registrationToken: string,
  registration: LegacyRegistration,
): Promise<RunnerCredentials> {
  const response = await api.call("POST", "runners", {
    json: {
      token: registrationToken,
      description: registration.description,
      tag_list: registration.tags.join(","),
      run_untagged: registration.runUntagged,
      locked: registration.locked,
      access_level: registration.accessLevel,
      paused: registration.paused,
      info: registration.info,
      ...(registration.maximumTimeout === undefined
        ? {}
        : { maximum_timeout: registration.maximumTimeout }),
    },
  });
  if (response.status !== 201) {
    throw await statusError(
      "registering the runner",
      response,
      "the registration token is wrong, was reset, or registration tokens are disabled on this GitLab (the default since 17.0): create the runner in GitLab's UI instead and run airlock register --token glrt-...",
    );
  }
  return credentials(
    await readJson(response, "registering the runner"),
    "runner registration answer",
  );
}

/**
 * `POST /runners/verify` `{token, system_id}`: 200 when the token is valid (current GitLab
 * answers `{id, token, token_expires_at}`, older ones a bare `200`), 403 when not.
 */
export async function verifyRunner(
  api: GitlabApi,
  token: string,
  systemId: string,
): Promise<RunnerCredentials> {
  const response = await api.call("POST", "runners/verify", {
    json: { token, system_id: systemId },
  });
  if (response.status !== 200) throw await statusError("verifying the runner", response, tokenFix);
  if (!(response.headers.get("content-type") ?? "").includes("json")) {
    return { id: undefined, token, tokenExpiresAt: undefined };
  }
  return credentials(await readJson(response, "verifying the runner"), "runner verify answer");
}

/** `DELETE /runners` `{token}`: 204. Deletes the runner in GitLab (legacy tokens). */
export async function deleteRunner(api: GitlabApi, token: string): Promise<void> {
  const response = await api.call("DELETE", "runners", { json: { token } });
  if (response.status !== 204) {
    throw await statusError("unregistering the runner", response, tokenFix);
  }
}

/**
 * `DELETE /runners/managers` `{token, system_id}`: 204. Removes this machine from a runner
 * created in GitLab's UI; the runner itself stays (an admin deletes it there).
 */
export async function deleteRunnerManager(
  api: GitlabApi,
  token: string,
  systemId: string,
): Promise<void> {
  const response = await api.call("DELETE", "runners/managers", {
    json: { token, system_id: systemId },
  });
  if (response.status !== 204) {
    throw await statusError("unregistering this runner manager", response, tokenFix);
  }
}

/** `POST /runners/reset_authentication_token` `{token}`: 201 `{token, token_expires_at}`. */
export async function resetRunnerToken(api: GitlabApi, token: string): Promise<RunnerCredentials> {
  const response = await api.call("POST", "runners/reset_authentication_token", {
    json: { token },
  });
  if (response.status !== 201 && response.status !== 200) {
    throw await statusError("rotating the runner token", response, tokenFix);
  }
  const reader = JsonReader.root(
    await readJson(response, "rotating the runner token"),
    "token reset answer",
  );
  return {
    id: undefined,
    token: reader.at("token").string(),
    tokenExpiresAt: reader.at("token_expires_at").optional((r) => r.string()),
  };
}

function credentials(json: unknown, what: string): RunnerCredentials {
  const reader = JsonReader.root(json, what);
  return {
    id: reader.at("id").optional((r) => r.integer()),
    token: reader.at("token").string(),
    tokenExpiresAt: reader.at("token_expires_at").optional((r) => r.string()),
  };
}
