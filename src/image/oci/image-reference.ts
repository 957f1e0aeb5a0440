import { AirlockError } from "../../core/airlock-error.js";

/**
 * A parsed OCI image reference, as `docker pull` reads it: `[registry/]repository[:tag][@digest]`.
 * A first component with a `.` or `:`, or `localhost`, is the registry; otherwise it is
 * Docker Hub (`docker.io`, whose API host is registry-1.docker.io) and a one-component
 * repository gets the `library/` prefix. With a digest the tag is informational only.
 */
export interface ImageReference {
  /** `host[:port]` as written (docker.io for Docker Hub). */
  readonly registry: string;
  readonly repository: string;
  /** `latest` when neither tag nor digest is given. */
  readonly tag: string | undefined;
  /** `sha256:<64 hex>`. */
  readonly digest: string | undefined;
}

const componentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^sha256:[0-9a-f]{64}$/;
const registryPattern = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

/** Parses `text`; throws AIRLOCK_E_IMAGE_INVALID naming the reference when it is malformed. */
export function parseImageReference(text: string): ImageReference {
  const invalid = (why: string): AirlockError =>
    new AirlockError("AIRLOCK_E_IMAGE_INVALID", `image reference "${text}" is invalid: ${why}`, {
      fix: "write it as [registry[:port]/]repository[:tag][@sha256:<64 hex>], e.g. debian:12 or 127.0.0.1:5000/team/app@sha256:...",
    });
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) throw invalid("the digest must be sha256:<64 lowercase hex>");
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagPattern.test(tag)) throw invalid(`the tag "${tag}" is not valid`);
  }
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  let registry = "docker.io";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first;
    parts.shift();
    if (!registryPattern.test(registry)) throw invalid(`the registry "${registry}" is not valid`);
  }
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") registry = "docker.io";
  if (registry === "docker.io" && parts.length === 1) parts.unshift("library");
  if (parts.length === 0 || !parts.every((p) => componentPattern.test(p))) {
    throw invalid("the repository must be lowercase letters, digits and . _ - separated by /");
  }
  return {
    registry,
    repository: parts.join("/"),
    tag: tag ?? (digest === undefined ? "latest" : undefined),
    digest,
  };
}

/** The canonical text: `registry/repository:tag`, `registry/repository@digest`, or both. */
export function formatImageReference(ref: ImageReference): string {
  const tag = ref.tag === undefined ? "" : `:${ref.tag}`;
  const digest = ref.digest === undefined ? "" : `@${ref.digest}`;
  return `${ref.registry}/${ref.repository}${tag}${digest}`;
}

/** Where the registry's API is served (Docker Hub's API host differs from its name). */
export function registryApiHost(registry: string): string {
  return registry === "docker.io" ? "registry-1.docker.io" : registry;
}
