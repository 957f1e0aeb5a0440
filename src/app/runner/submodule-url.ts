/** Where a submodule's repository is, judged against the job's repository. */
export type SubmoduleSource =
  | {
      readonly kind: "same-origin";
      /** http(s) URL without user, password or fragment: what the host's mirror fetches. */
      readonly url: string;
    }
  | {
      readonly kind: "foreign";
      /** The URL for messages, without user or password. */
      readonly url: string;
    };

/**
 * The URL git uses for a `.gitmodules` URL: `./` and `../` are relative to `parentUrl`
 * (the superproject's origin), each `../` removing one path component as git's
 * resolve-relative-url does; anything else is taken as written.
 */
export function resolveSubmoduleUrl(parentUrl: string, url: string): string {
  if (!url.startsWith("./") && !url.startsWith("../")) return url;
  let base = parentUrl.replace(/\/+$/, "");
  let rest = url;
  for (;;) {
    if (rest.startsWith("../")) {
      rest = rest.slice(3);
      const cut = Math.max(base.lastIndexOf("/"), base.lastIndexOf(":"));
      base = cut < 0 ? "." : base.slice(0, cut);
    } else if (rest.startsWith("./")) {
      rest = rest.slice(2);
    } else break;
  }
  return `${base}/${rest}`;
}

/**
 * Whether the host may fetch a submodule for the job: only from the job's GitLab, that is
 * the scheme, host and port of `projectUrl` (GitLab's `repo_url`), never from a place the
 * repository's content chooses (an internal service: SSRF). `forceHttps`
 * (GIT_SUBMODULE_FORCE_HTTPS) first turns an SSH URL of GitLab's host
 * (`git@host:group/p.git`, `ssh://git@host/group/p.git`) into GitLab's own scheme, as GitLab
 * Runner does.
 */
export function submoduleSource(
  projectUrl: string,
  resolvedUrl: string,
  forceHttps: boolean,
): SubmoduleSource {
  const project = new URL(projectUrl);
  let candidate = resolvedUrl;
  if (forceHttps) {
    const ssh = /^(?:ssh:\/\/)?[^@/:]+@([^/:]+)(?::\d*)?[:/](.*)$/.exec(resolvedUrl);
    if (ssh !== null && ssh[1]?.toLowerCase() === project.hostname.toLowerCase()) {
      candidate = `${project.origin}/${(ssh[2] ?? "").replace(/^\/+/, "")}`;
    }
  }
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return { kind: "foreign", url: withoutUserInfo(candidate) };
  }
  parsed.username = "";
  parsed.password = "";
  parsed.hash = "";
  const sameOrigin =
    (parsed.protocol === "http:" || parsed.protocol === "https:") &&
    parsed.origin === project.origin &&
    parsed.search === "";
  return { kind: sameOrigin ? "same-origin" : "foreign", url: parsed.toString() };
}

/** A URL-like text without `user:password@` (a .gitmodules URL may hold a secret). */
function withoutUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1");
}
