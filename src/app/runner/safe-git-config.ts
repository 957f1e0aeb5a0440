/**
 * git settings for handling a repository nobody vouches for, as `-c` arguments: no hooks,
 * no ext transport, no submodules, no fsmonitor or other config-driven commands, no
 * credential helpers, no redirects, no automatic gc (a mirror is read while it is updated),
 * every fetched object checked (fsck). `local` is the file:// transport: only the checkout
 * sandbox, which reads the mounted mirror, allows it; the host never does.
 */
export function safeGitConfig(local: "allow-file" | "no-file"): readonly string[] {
  const settings = [
    "core.hooksPath=/dev/null",
    `protocol.file.allow=${local === "allow-file" ? "always" : "never"}`,
    "protocol.ext.allow=never",
    "submodule.recurse=false",
    "fetch.recurseSubmodules=false",
    "core.fsmonitor=false",
    "core.symlinks=true",
    "credential.helper=",
    "http.followRedirects=false",
    "fetch.fsckObjects=true",
    "gc.auto=0",
    "maintenance.auto=false",
    "advice.detachedHead=false",
  ];
  return settings.flatMap((setting) => ["-c", setting]);
}

/**
 * The environment of such a git, besides PATH and HOME: no system or user configuration,
 * no prompts, only the named transports, no LFS smudging.
 */
export function safeGitEnv(protocols: string): Readonly<Record<string, string>> {
  return {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: protocols,
    GIT_LFS_SKIP_SMUDGE: "1",
  };
}
