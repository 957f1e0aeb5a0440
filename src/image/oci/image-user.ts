/** A numeric user inside a sandbox: what a command runs as. */
export interface ImageUser {
  readonly uid: number;
  readonly gid: number;
}

/** A resolved image user with its home directory (passwd's, else `/`: Docker's HOME). */
export interface ResolvedImageUser extends ImageUser {
  readonly home: string;
}

const maxId = 0xfffffffe;

/**
 * The uid and gid of `user` (an image's `User` or a job's `image: docker: user`:
 * `name|uid[:group|gid]`) as Docker resolves it: names in the image's `passwd` and `group`
 * text (undefined: the image has no such file); a numeric uid missing from passwd has gid 0
 * unless a group is given; a user's gid is its passwd entry's unless a group is given; the
 * home is the passwd entry's, else `/`.
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
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    if (uid > maxId) return `the uid ${userPart} is out of range`;
    const entry = users.find((e) => e[2] === userPart);
    gid = /^\d+$/.test(entry?.[3] ?? "") ? Number(entry?.[3]) : 0;
    home = entry?.[5];
  } else if (byName !== undefined && /^\d+$/.test(byName[2] ?? "")) {
    uid = Number(byName[2]);
    gid = /^\d+$/.test(byName[3] ?? "") ? Number(byName[3]) : 0;
    home = byName[5];
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
  return { uid, gid, home: home === undefined || home === "" ? "/" : home };
}

/** The colon-separated fields of each line of a passwd or group file. */
function entries(text: string | undefined): readonly (readonly string[])[] {
  if (text === undefined) return [];
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(":"));
}
