/** Who the project is on its GitLab server, derived from the `origin` remote. */
export interface ProjectIdentity {
  /** `group/sub/project`. */
  readonly path: string;
  readonly namespace: string;
  readonly name: string;
  readonly serverHost: string;
  /** `https://host[:port]`: the web address; the port only when an http(s) remote gives one. */
  readonly serverUrl: string;
  /** The web port (443 for https, 80 for http, unless the http(s) remote names another). */
  readonly serverPort: string;
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
  const protocol = parsed?.webProtocol ?? "https";
  const defaultPort = protocol === "http" ? "80" : "443";
  const port = parsed?.webPort ?? defaultPort;
  return {
    path,
    namespace: slash < 0 ? "" : path.slice(0, slash),
    name: path.slice(slash + 1),
    serverHost: host,
    serverUrl: `${protocol}://${host}${port === defaultPort ? "" : `:${port}`}`,
    serverPort: port,
  };
}

interface ParsedRemote {
  readonly host: string;
  readonly path: string;
  /** Only an http(s) remote tells the web protocol and port (an ssh port is not the web's). */
  readonly webProtocol?: "http" | "https";
  readonly webPort?: string;
}

function parseRemote(url: string): ParsedRemote | undefined {
  const withScheme = /^([a-z+]+):\/\/(?:[^@/]+@)?([^/:]+)(?::(\d+))?\/(.+)$/i.exec(url);
  if (withScheme?.[1] !== undefined && withScheme[2] !== undefined && withScheme[4] !== undefined) {
    const scheme = withScheme[1].toLowerCase();
    const web = scheme === "http" || scheme === "https" ? scheme : undefined;
    return remote(withScheme[2], withScheme[4], web, web === undefined ? undefined : withScheme[3]);
  }
  const scpLike = /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+)$/.exec(url);
  if (scpLike?.[1] === undefined || scpLike[2] === undefined) return undefined;
  return remote(scpLike[1], scpLike[2], undefined, undefined);
}

function remote(
  host: string,
  rawPath: string,
  webProtocol: "http" | "https" | undefined,
  webPort: string | undefined,
): ParsedRemote | undefined {
  const path = rawPath.replace(/\.git\/?$/, "").replace(/\/+$/, "");
  if (!path.includes("/")) return undefined;
  return {
    host,
    path,
    ...(webProtocol === undefined ? {} : { webProtocol }),
    ...(webPort === undefined ? {} : { webPort }),
  };
}
