import { AirlockError } from "../core/airlock-error.js";

/**
 * The error for an HTTP answer a caller did not expect. 403 is the token's fault
 * (AIRLOCK_E_GITLAB_FORBIDDEN with `forbiddenFix`); anything else is AIRLOCK_E_GITLAB_API
 * with the status and the start of GitLab's message. `what` says what was attempted.
 */
export async function statusError(
  what: string,
  response: Response,
  forbiddenFix: string,
): Promise<AirlockError> {
  const text = (await response.text().catch(() => "")).trim();
  const message = parseMessage(text);
  const where = response.url === "" ? "GitLab" : response.url;
  const detail = `${what}: ${where} answered ${response.status}${message === "" ? "" : ` (${message})`}`;
  if (response.status === 403) {
    return new AirlockError("AIRLOCK_E_GITLAB_FORBIDDEN", detail, { fix: forbiddenFix });
  }
  return new AirlockError("AIRLOCK_E_GITLAB_API", detail, {
    fix:
      response.status >= 500 || response.status === 429
        ? "GitLab is failing or overloaded: try again later, and check its status page or logs"
        : "check the GitLab URL points at GitLab itself (not a proxy or a login page) and that GitLab is version 15.10 or later",
  });
}

/** GitLab's `{"message": ...}` (a string or an object of field errors), else the text. */
function parseMessage(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && "message" in value) {
      const message: unknown = value.message;
      return (typeof message === "string" ? message : JSON.stringify(message)).slice(0, 200);
    }
  } catch {
    // Not JSON: use the text itself.
  }
  return text.replace(/\s+/g, " ").slice(0, 200);
}
