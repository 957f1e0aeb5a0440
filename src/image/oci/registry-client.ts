import { AirlockError } from "../../core/airlock-error.js";
import { describeRegistryAnswer } from "./registry-answer.js";
import type { RegistryCredentials } from "./registry-credentials.js";
import { plainHttpAllowed, registryBaseUrl } from "./registry-scheme.js";
import { parseAuthChallenge, type AuthChallenge } from "./www-authenticate.js";

export interface RegistryClientOptions {
  /** Sent only when the registry asks (a Basic challenge, or to its Bearer token realm). */
  readonly credentials?: RegistryCredentials | undefined;
  /** `host[:port]` spoken to over plain HTTP besides loopback registries. */
  readonly insecureRegistries?: readonly string[];
  readonly signal?: AbortSignal;
}

const maxRedirects = 5;

/**
 * One repository of one registry, for pulling (Docker Registry HTTP API v2). Authenticates
 * as the registry's `WWW-Authenticate` challenge asks: a Bearer token from its realm for
 * `repository:<name>:pull` (with the credentials as Basic auth, or anonymous), or Basic auth.
 * Redirects (blob storage) are followed by hand: at most 5, never to plain HTTP unless the
 * target host is allowed it, and the Authorization header is dropped when the origin changes.
 * Every failure is an AirlockError naming `what` (the image reference), the registry's
 * answer and the fix.
 */
export class RegistryClient {
  readonly #apiHost: string;
  readonly #repository: string;
  readonly #what: string;
  readonly #options: RegistryClientOptions;
  readonly #insecure: readonly string[];
  #authorization: string | undefined;

  constructor(apiHost: string, repository: string, what: string, options: RegistryClientOptions) {
    this.#apiHost = apiHost;
    this.#repository = repository;
    this.#what = what;
    this.#options = options;
    this.#insecure = options.insecureRegistries ?? [];
  }

  /** GET /v2/: throws unless the host answers as a v2 registry (200, or 401 with a challenge). */
  async ping(): Promise<void> {
    const response = await this.#send("GET", `${this.#base()}/v2/`, undefined, undefined);
    await response.body?.cancel();
    if (response.ok || response.status === 401) return;
    throw this.#failure(response, await describeRegistryAnswer(response));
  }

  /**
   * `GET` or `HEAD` of `/v2/<repository>/<path>`, authenticated as challenged; a 2xx answer
   * (the caller consumes or cancels its body) or an AirlockError.
   */
  async fetch(method: "GET" | "HEAD", path: string, accept?: string): Promise<Response> {
    const url = `${this.#base()}/v2/${this.#repository}/${path}`;
    let response = await this.#send(method, url, accept, this.#authorization);
    if (response.status === 401) {
      const challenge = parseAuthChallenge(response.headers.get("www-authenticate"));
      await response.body?.cancel();
      this.#authorization = await this.#authorize(challenge, response);
      response = await this.#send(method, url, accept, this.#authorization);
    }
    if (response.ok) return response;
    throw this.#failure(
      response,
      method === "HEAD" ? `HTTP ${response.status}` : await describeRegistryAnswer(response),
    );
  }

  #base(): string {
    return registryBaseUrl(this.#apiHost, this.#insecure);
  }

  async #authorize(challenge: AuthChallenge | undefined, answer: Response): Promise<string> {
    const credentials = this.#options.credentials;
    const basic =
      credentials === undefined
        ? undefined
        : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    if (challenge === undefined) {
      throw this.#denied(`${answer.status} without a Bearer or Basic challenge`);
    }
    if (challenge.scheme === "basic") {
      if (basic === undefined)
        throw this.#denied("HTTP 401: the registry needs a user and password");
      return basic;
    }
    const realm = this.#checkedUrl(challenge.realm);
    if (challenge.service !== undefined) realm.searchParams.set("service", challenge.service);
    realm.searchParams.set("scope", `repository:${this.#repository}:pull`);
    const response = await this.#send("GET", realm.href, "application/json", basic);
    if (!response.ok) {
      const answerText = await describeRegistryAnswer(response);
      if (response.status === 401 || response.status === 403) {
        throw this.#denied(`the token server ${realm.host} answered ${answerText}`);
      }
      throw this.#error(
        "AIRLOCK_E_IMAGE_PULL_FAILED",
        `the token server ${realm.host} answered ${answerText}`,
        "retry later; check the registry's token service",
      );
    }
    const body = (await response.json().catch(() => undefined)) as
      { token?: unknown; access_token?: unknown } | undefined;
    const token = body?.token ?? body?.access_token;
    if (typeof token !== "string" || token.length === 0) {
      throw this.#error(
        "AIRLOCK_E_IMAGE_PULL_FAILED",
        `the token server ${realm.host} gave no token`,
        "check the registry's token service",
      );
    }
    return `Bearer ${token}`;
  }

  /** One request, following redirects by hand (see the class comment). */
  async #send(
    method: "GET" | "HEAD",
    url: string,
    accept: string | undefined,
    authorization: string | undefined,
  ): Promise<Response> {
    let current = this.#checkedUrl(url);
    const origin = current.origin;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { "user-agent": "airlock" };
      if (accept !== undefined) headers["accept"] = accept;
      if (authorization !== undefined && current.origin === origin) {
        headers["authorization"] = authorization;
      }
      let response: Response;
      try {
        response = await fetch(current, {
          method,
          headers,
          redirect: "manual",
          ...(this.#options.signal === undefined ? {} : { signal: this.#options.signal }),
        });
      } catch (error: unknown) {
        if (this.#options.signal?.aborted === true) throw error;
        const cause =
          error instanceof Error && error.cause instanceof Error
            ? error.cause.message
            : String(error);
        throw this.#error(
          "AIRLOCK_E_IMAGE_PULL_FAILED",
          `cannot reach ${current.host} (${cause})`,
          plainHttpAllowed(current.host, this.#insecure)
            ? "check that the registry runs at this host and port"
            : "check the registry host, port and TLS certificate; a registry served over plain HTTP must be loopback or listed as insecure",
        );
      }
      const location = response.headers.get("location");
      if (response.status < 300 || response.status > 399 || location === null) return response;
      await response.body?.cancel();
      if (hop >= maxRedirects) {
        throw this.#error(
          "AIRLOCK_E_IMAGE_PULL_FAILED",
          `more than ${maxRedirects} redirects from ${url}`,
          "check the registry's storage configuration",
        );
      }
      current = this.#checkedUrl(new URL(location, current).href);
    }
  }

  /** A URL the client may fetch: https, or http to a host allowed plain HTTP. */
  #checkedUrl(text: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw this.#error(
        "AIRLOCK_E_IMAGE_PULL_FAILED",
        `the registry sent an invalid URL "${text}"`,
        "check the registry's configuration",
      );
    }
    if (url.protocol === "https:") return url;
    if (url.protocol === "http:" && plainHttpAllowed(url.host, this.#insecure)) return url;
    throw this.#error(
      "AIRLOCK_E_IMAGE_PULL_FAILED",
      `refusing ${url.protocol}//${url.host}: only HTTPS is used outside loopback and the insecure registries`,
      `serve the registry over HTTPS, or list ${url.host} as an insecure registry`,
    );
  }

  #failure(response: Response, answer: string): AirlockError {
    if (response.status === 401 || response.status === 403) return this.#denied(answer);
    if (response.status === 404) {
      return this.#error(
        "AIRLOCK_E_IMAGE_PULL_FAILED",
        `not found: the registry answered ${answer}`,
        `check that ${this.#what} exists (repository, tag or digest)`,
      );
    }
    return this.#error(
      "AIRLOCK_E_IMAGE_PULL_FAILED",
      `the registry answered ${answer}`,
      "retry later, or check the registry's logs",
    );
  }

  #denied(answer: string): AirlockError {
    const fix =
      this.#options.credentials === undefined
        ? "give credentials that may pull it (`--user U --password-stdin`, or the job's DOCKER_AUTH_CONFIG)"
        : "check the user and password: they may not pull this repository";
    return this.#error("AIRLOCK_E_IMAGE_PULL_DENIED", `access denied: ${answer}`, fix);
  }

  #error(
    code: "AIRLOCK_E_IMAGE_PULL_FAILED" | "AIRLOCK_E_IMAGE_PULL_DENIED",
    message: string,
    fix: string,
  ): AirlockError {
    return new AirlockError(code, `pulling ${this.#what} from ${this.#apiHost}: ${message}`, {
      fix,
    });
  }
}
