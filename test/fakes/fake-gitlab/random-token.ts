import { randomBytes } from "node:crypto";

/** A token like GitLab's: an optional prefix and 20 url-safe characters. */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(15).toString("base64url").slice(0, 20)}`;
}
