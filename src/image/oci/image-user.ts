/** A numeric user inside a sandbox: what a command runs as. */
export interface ImageUser {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups (gids), in /etc/group order; undefined or empty: none. */
  readonly groups?: readonly number[];
}

/** A resolved image user with its home directory (passwd's, else `/`: Docker's HOME). */
export interface ResolvedImageUser extends ImageUser {
  readonly groups: readonly number[];
  readonly home: string;
}

/** The user to hand to a sandbox's exec: `groups` only when there are some. */
export function execUser(user: ResolvedImageUser): ImageUser {
  const { uid, gid, groups } = user;
  return groups.length === 0 ? { uid, gid } : { uid, gid, groups };
}

const maxId = 0xfffffffe;

/**
 * The uid and gid of `user` (an image's `User` or a job's `image: docker: user`:
 * `name|uid[:group|gid]`) as Docker resolves it: names in the image's `passwd` and `group`
 * text (undefined: the image has no such file); a numeric uid missing from passwd has gid 0
 * unless a group is given; a user's gid is its passwd entry's unless a group is given; the
 * home is the passwd entry's, else `/`. Supplementary groups, as Docker (runc's
 * GetExecUser) gives them: without an explicit `:group`, when the user is found in passwd (by
 * name or uid), every group of `group` whose member list names that user; else none.
 * Returns a reason string when a name is unknown or an id is malformed.
 */
export function resolveImageUser(
  user: string,
  passwd: string | undefined,
  group: string | undefined,
): ResolvedImageUser | string {
  const [userPart = "", groupPart, ...rest] = user.split(":");
  if (userPart === "" || rest.length > 0 || groupPart === "") {
    return `the user "${user}" is not of the form name|uid[:group|gid]`;
  }
  const users = entries(passwd);
  const byName = users.find((e) => e[0] === userPart);
  let uid: number;
  let gid = 0;
  let home: string | undefined;
  let name: string | undefined;
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    if (uid > maxId) return `the uid ${userPart} is out of range`;
    const entry = users.find((e) => e[2] === userPart);
    gid = /^\d+$/.test(entry?.[3] ?? "") ? Number(entry?.[3]) : 0;
    home = entry?.[5];
    name = entry?.[0];
  } else if (byName !== undefined && /^\d+$/.test(byName[2] ?? "")) {
    uid = Number(byName[2]);
    gid = /^\d+$/.test(byName[3] ?? "") ? Number(byName[3]) : 0;
    home = byName[5];
    name = byName[0];
  } else {
    return `the user "${userPart}" is not in the image's /etc/passwd`;
  }
  if (groupPart !== undefined) {
    if (/^\d+$/.test(groupPart)) {
      gid = Number(groupPart);
    } else {
      const entry = entries(group).find((e) => e[0] === groupPart);
      if (entry === undefined || !/^\d+$/.test(entry[2] ?? "")) {
        return `the group "${groupPart}" is not in the image's /etc/group`;
      }
      gid = Number(entry[2]);
    }
  }
  if (gid > maxId) return `the gid ${gid} is out of range`;
  const groups = groupPart === undefined && name !== undefined ? memberOf(name, group) : [];
  return { uid, gid, groups, home: home === undefined || home === "" ? "/" : home };
}

/** The gids of the groups whose member list (4th field) names `user`, once each. */
function memberOf(user: string, group: string | undefined): readonly number[] {
  const gids = entries(group)
    .filter((e) => /^\d+$/.test(e[2] ?? "") && (e[3] ?? "").split(",").includes(user))
    .map((e) => Number(e[2]))
    .filter((g) => g <= maxId);
  return [...new Set(gids)];
}

/** The colon-separated fields of each line of a passwd or group file. */
function entries(text: string | undefined): readonly (readonly string[])[] {
  if (text === undefined) return [];
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(":"));
}
