import type { ServiceConfig } from "./parse-service.js";

/** `registry.example.com:5000/group/img:tag` -> `registry.example.com/group/img`. */
const reference = /^(.*?)(?::[0-9]+)?(\/.*)?$/;

/**
 * The host names the runner links a service under: from the image name without tag or
 * digest and without the registry's port, `/` replaced by `__` (primary) and by `-`
 * (RFC 1123 secondary, only when different), then the `alias` names. Duplicates dropped.
 * Precondition: CI/CD variables in the name are already expanded.
 */
export function serviceHostNames(
  service: Pick<ServiceConfig, "name" | "aliases">,
): readonly string[] {
  const withoutDigest = service.name.replace(/@.*$/, "");
  const lastSlash = withoutDigest.lastIndexOf("/");
  const tagColon = withoutDigest.indexOf(":", lastSlash + 1);
  const repository = tagColon === -1 ? withoutDigest : withoutDigest.slice(0, tagColon);
  const match = reference.exec(repository);
  const path = match === null ? repository : `${match[1] ?? ""}${match[2] ?? ""}`;
  return [...new Set([path.replaceAll("/", "__"), path.replaceAll("/", "-"), ...service.aliases])];
}
