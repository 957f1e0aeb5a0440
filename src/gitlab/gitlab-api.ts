import { AirlockError } from "../core/airlock-error.js";

/** One HTTP call to GitLab's `/api/v4`. */
export interface ApiCall {
  /** JSON body (sets `Content-Type: application/json`). */
  readonly json?: unknown;
  /** Raw body, sent with the given headers. */
  readonly body?: Uint8Array | FormData;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
  /** Per-call bound; default `GitlabApi.timeoutMs`. */
  readonly timeoutMs?: number;
  readonly redirect?: "follow" | "manual";
}

/** GitLab's runner API at one instance: every call goes through `call`. */
export interface GitlabApi {
  /** The instance URL as configured, without a trailing slash. */
  readonly url: string;
  /**
   * Sends `method` to `{url}/api/v4/{path}`; resolves with any HTTP status. A network
   * failure, a timeout or an abort throws AIRLOCK_E_GITLAB_UNREACHABLE naming the URL.
   */
  call(method: string, path: string, call?: ApiCall): Promise<Response>;
}

/**
 * A client for GitLab at `url` (e.g. `https://gitlab.example.com`). `fetchImpl` is Node's
 * fetch unless a test passes another.
 */
export function gitlabApi(
  url: string,
  options: { readonly timeoutMs?: number; readonly fetchImpl?: typeof fetch } = {},
): GitlabApi {
  const base = url.replace(/\/+$/, "");
  const fetchImpl = options.fetchImpl ?? fetch;
  return {
    url: base,
    async call(method, path, call = {}) {
      const target = `${base}/api/v4/${path}`;
      const headers: Record<string, string> = { ...(call.headers ?? {}) };
      let body: Uint8Array | FormData | string | undefined = call.body;
      if (call.json !== undefined) {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(call.json);
      }
      const timeout = AbortSignal.timeout(call.timeoutMs ?? options.timeoutMs ?? 120_000);
      const signal = call.signal === undefined ? timeout : AbortSignal.any([timeout, call.signal]);
      try {
        return await fetchImpl(target, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal,
          redirect: call.redirect ?? "manual",
        });
      } catch (error: unknown) {
        throw unreachable(method, target, error);
      }
    },
  };
}

/** The error for a request that got no HTTP answer. */
export function unreachable(method: string, target: string, error: unknown): AirlockError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AirlockError(
    "AIRLOCK_E_GITLAB_UNREACHABLE",
    `${method} ${target} got no answer: ${detail}`,
    {
      fix: "check the GitLab URL (--url, or url in config.toml), DNS, proxy settings and TLS certificates; the runner only makes outgoing requests to GitLab",
      cause: error,
    },
  );
}
