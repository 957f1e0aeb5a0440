/** Who the project is on its GitLab server, derived from the `origin` remote. */
export interface ProjectIdentity {
  /** `group/sub/project`. */
  readonly path: string;
  readonly namespace: string;
  readonly name: string;
  readonly serverHost: string;
}

/**
 * From `https://host[:port]/group/project(.git)`, `ssh://git@host[:port]/group/project.git`
 * or scp-like `git@host:group/project.git`. Without a remote (or one that is a local path),
 * the project is `local/<directory name>` on `localhost`.
 */
export function projectIdentity(
  remoteUrl: string | undefined,
  directoryName: string,
): ProjectIdentity {
  const parsed = remoteUrl === undefined ? undefined : parseRemote(remoteUrl);
  const host = parsed?.host ?? "localhost";
  const path = parsed?.path ?? `local/${directoryName}`;
  const slash = path.lastIndexOf("/");
  return {
    path,
    namespace: slash < 0 ? "" : path.slice(0, slash),
    name: path.slice(slash + 1),
    serverHost: host,
  };
}

function parseRemote(url: string): { host: string; path: string } | undefined {
  const withScheme = /^[a-z+]+:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(url);
  const scpLike = /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+)$/.exec(url);
  const match = withScheme ?? scpLike;
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const path = match[2].replace(/\.git\/?$/, "").replace(/\/+$/, "");
  return path.includes("/") ? { host: match[1], path } : undefined;
}
