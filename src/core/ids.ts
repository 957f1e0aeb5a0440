import { randomBytes } from "node:crypto";

/** A short random id: 12 lowercase hex characters, safe in paths, runc ids and cgroup names. */
export function newId(): string {
  return randomBytes(6).toString("hex");
}

/** The label every host resource airlock creates carries in its name. */
export const resourcePrefix = "airlock-";
