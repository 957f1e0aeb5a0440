import { AirlockError } from "../../core/airlock-error.js";

/** A user and password (or token) for one registry; never logged. */
export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The credentials a `DOCKER_AUTH_CONFIG` value (Docker's config.json shape:
 * `{"auths": {"host[:port]": {"auth": base64("user:pass")} | {"username", "password"}}}`)
 * holds for `registry`, or undefined when it names none. Keys may carry a scheme and a path
 * (`https://index.docker.io/v1/`); Docker Hub matches docker.io, index.docker.io and
 * registry-1.docker.io. Credential helpers are credentialHelperFor()'s.
 * Throws AIRLOCK_E_IMAGE_INVALID when the value is not such JSON (`source` names it).
 */
export function credentialsFromDockerAuthConfig(
  json: string,
  registry: string,
  source = "DOCKER_AUTH_CONFIG",
): RegistryCredentials | undefined {
  const invalid = invalidConfig(source);
  const value = parseConfig(json, invalid);
  const auths = value["auths"] ?? {};
  if (!isRecord(auths)) throw invalid('its "auths" is not an object');
  const wanted = hostAliases(registry);
  for (const [key, entry] of Object.entries(auths)) {
    if (!wanted.includes(hostOfKey(key)) || !isRecord(entry)) continue;
    const { auth, username, password } = entry;
    if (typeof auth === "string" && auth.length > 0) {
      const decoded = Buffer.from(auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) throw invalid(`the auth of "${key}" is not base64 of user:password`);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (typeof username === "string" && typeof password === "string") {
      return { username, password };
    }
    throw invalid(`"${key}" has neither "auth" nor "username" and "password"`);
  }
  return undefined;
}

/** A credential helper's name: `docker-credential-NAME` is the program run. */
export const credentialHelperName = /^[a-z0-9._-]+$/;

/**
 * The credential helper a Docker config (`DOCKER_AUTH_CONFIG`, config.json) names for
 * `registry`: its `credHelpers` entry for the registry's host (Docker Hub's aliases as for
 * `auths`), else its `credsStore`; undefined for none. Throws AIRLOCK_E_IMAGE_INVALID for
 * malformed JSON or a name outside `[a-z0-9._-]+` (no path can be smuggled in).
 */
export function credentialHelperFor(
  json: string,
  registry: string,
  source = "DOCKER_AUTH_CONFIG",
): string | undefined {
  const invalid = invalidConfig(source);
  const value = parseConfig(json, invalid);
  const helpers = value["credHelpers"] ?? {};
  if (!isRecord(helpers)) throw invalid('its "credHelpers" is not an object');
  const wanted = hostAliases(registry);
  const key = Object.keys(helpers).find((k) => wanted.includes(hostOfKey(k)));
  const name = key === undefined ? value["credsStore"] : helpers[key];
  if (name === undefined || name === "") return undefined;
  if (typeof name !== "string" || !credentialHelperName.test(name))
    throw invalid(`the credential helper ${JSON.stringify(name)} is not a name of [a-z0-9._-]`);
  return name;
}

function invalidConfig(source: string): (why: string) => AirlockError {
  return (why) =>
    new AirlockError("AIRLOCK_E_IMAGE_INVALID", `${source} is invalid: ${why}`, {
      fix: 'set it to JSON like {"auths":{"registry.example.com":{"auth":"<base64 of user:password>"}}}',
    });
}

/** The config's top-level object; it must hold `auths`, `credHelpers` or `credsStore`. */
function parseConfig(
  json: string,
  invalid: (why: string) => AirlockError,
): Readonly<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid("it is not JSON");
  }
  if (!isRecord(value)) throw invalid("it is not a JSON object");
  if (!["auths", "credHelpers", "credsStore"].some((k) => k in value))
    throw invalid('it has no "auths" object (nor "credHelpers" or "credsStore")');
  return value;
}

function hostOfKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
}

function hostAliases(registry: string): string[] {
  return registry === "docker.io"
    ? ["docker.io", "index.docker.io", "registry-1.docker.io"]
    : [registry];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
