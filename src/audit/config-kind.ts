/** The kinds of configuration file `airlock audit` understands. */
export type ConfigKind = "gitlab-runner" | "docker-daemon" | "nspawn" | "act-runner";

export const configKindNames: Readonly<Record<ConfigKind, string>> = {
  "gitlab-runner": "gitlab-runner config.toml",
  "docker-daemon": "Docker daemon.json",
  nspawn: "systemd-nspawn .nspawn file",
  "act-runner": "act_runner / Forgejo runner config.yaml",
};
