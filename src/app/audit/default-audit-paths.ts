/** Where runner configurations usually live, in the order they are checked. */
export function defaultAuditPaths(home: string | undefined): readonly string[] {
  return [
    "/etc/gitlab-runner/config.toml",
    ...(home === undefined ? [] : [`${home}/.gitlab-runner/config.toml`]),
    "/etc/docker/daemon.json",
    "/etc/systemd/nspawn",
    "/etc/act_runner/config.yaml",
    "/etc/forgejo-runner/config.yml",
  ];
}
