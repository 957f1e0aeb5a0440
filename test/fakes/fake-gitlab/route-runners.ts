import type { IncomingMessage, ServerResponse } from "node:http";
import { runnerByToken, type FakeContext } from "./fake-context.js";
import { jsonObject, readBody, send, sendError, sendJson, stringField } from "./fake-http.js";
import { randomToken } from "./random-token.js";

/**
 * `/api/v4/runners...`: register (legacy registration token), verify, delete, delete a
 * manager, reset the token. Bodies are JSON as gitlab-runner sends them; a missing `token`
 * is 400, an unknown or expired one 403 (spec/requests/api/ci/runner/runners_*_spec.rb).
 * Returns false when the path is not one of these.
 */
export async function routeRunners(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<boolean> {
  const method = request.method ?? "GET";
  const route = `${method} ${path}`;
  const endpoint = (
    {
      "POST /api/v4/runners": "register",
      "POST /api/v4/runners/verify": "verify",
      "DELETE /api/v4/runners": "unregister",
      "DELETE /api/v4/runners/managers": "unregister_manager",
      "POST /api/v4/runners/reset_authentication_token": "reset_token",
    } as const
  )[route];
  if (endpoint === undefined) return false;
  const body = jsonObject(await readBody(request));
  const fault = context.faults.take(endpoint);
  if (fault !== undefined) {
    send(response, fault.status, fault.body ?? "", fault.headers ?? {});
    return true;
  }
  const token = stringField(body, "token");
  if (token === undefined) {
    sendError(response, 400, "400 Bad request - token is missing");
    return true;
  }
  if (endpoint === "register") {
    if (!(context.options.registrationTokens ?? []).includes(token)) {
      sendError(response, 403, "403 Forbidden");
      return true;
    }
    const tagList = stringField(body, "tag_list") ?? "";
    const runner = {
      id: context.nextId(),
      token: randomToken(""),
      tokenExpiresAt: null,
      kind: "legacy" as const,
      description: stringField(body, "description") ?? "",
      tags: tagList
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      managers: new Set<string>(),
      deleted: false,
    };
    context.runners.push(runner);
    sendJson(response, 201, { id: runner.id, token: runner.token, token_expires_at: null });
    return true;
  }
  const runner = runnerByToken(context, token);
  if (runner === undefined) {
    sendError(response, 403, "403 Forbidden");
    return true;
  }
  const systemId = stringField(body, "system_id");
  switch (endpoint) {
    case "verify":
      if (systemId !== undefined) runner.managers.add(systemId);
      sendJson(response, 200, {
        id: runner.id,
        token: runner.token,
        token_expires_at: runner.tokenExpiresAt,
      });
      return true;
    case "unregister":
      runner.deleted = true;
      send(response, 204);
      return true;
    case "unregister_manager":
      if (systemId === undefined) {
        sendError(response, 400, "400 Bad request - system_id is missing");
        return true;
      }
      runner.managers.delete(systemId);
      send(response, 204);
      return true;
    case "reset_token":
      runner.token = randomToken(runner.kind === "authentication" ? "glrt-" : "");
      if (runner.tokenExpiresAt !== null) {
        runner.tokenExpiresAt = new Date(Date.now() + 5 * 86_400_000).toISOString();
      }
      sendJson(response, 201, { token: runner.token, token_expires_at: runner.tokenExpiresAt });
      return true;
  }
}
