import { describe, expect, it } from "vitest";
import { isAirlockError } from "../core/airlock-error.js";
import { formatConfigProblem } from "./config-problems.js";
import { parseRunnerConfig } from "./parse-runner-config.js";

/** The error lines of a config that must fail (each `file:line: key: message`). */
function errorsOf(text: string): string[] {
  try {
    parseRunnerConfig(text, "config.toml");
  } catch (error: unknown) {
    if (isAirlockError(error) && error.code === "AIRLOCK_E_RUNNER_CONFIG") {
      return error.message
        .split("\n")
        .slice(1)
        .map((line) => line.trim());
    }
    throw error;
  }
  throw new Error("expected AIRLOCK_E_RUNNER_CONFIG");
}

const runner = (extra = "") => `
[[runners]]
  name = "a"
  url = "https://gitlab.example.com/"
  token = "glrt-abc"
${extra}`;

describe("parseRunnerConfig", () => {
  it("fills in gitlab-runner's and airlock's defaults", () => {
    const { config, warnings } = parseRunnerConfig(runner(), "config.toml");
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      concurrent: 1,
      checkIntervalSeconds: 3,
      logLevel: "info",
      listenAddress: undefined,
    });
    expect(config.runners[0]).toEqual({
      name: "a",
      id: undefined,
      url: "https://gitlab.example.com",
      token: "glrt-abc",
      tokenObtainedAt: undefined,
      tokenExpiresAt: undefined,
      limit: 0,
      requestConcurrency: 1,
      outputLimitKiB: 4096,
      environment: [],
      executor: "airlock",
      docker: {
        image: undefined,
        pullPolicy: [],
        allowedPullPolicies: [],
        allowedImages: [],
        allowedServices: [],
      },
      airlock: {
        backend: "container",
        defaultSize: { cpus: 2, memoryMiB: 4096, diskMiB: 10_240 },
        maxSize: {},
        sizeTagPrefix: "airlock-",
        tags: [],
        network: "internet",
        allow: [],
        defaultImage: "default",
      },
    });
  });

  it("reads every supported key", () => {
    const { config } = parseRunnerConfig(
      `concurrent = 4
check_interval = 10
log_level = "warning"
listen_address = "127.0.0.1:9252"
${runner(`  id = 7
  token_obtained_at = 2025-04-20T13:10:41Z
  token_expires_at = 2026-04-20T13:10:41Z
  limit = 2
  request_concurrency = 3
  output_limit = 8192
  environment = ["GIT_DEPTH=5", "A=b=c"]
  executor = "docker"
  [runners.docker]
    image = "ruby:3.3"
    pull_policy = "if-not-present"
    allowed_pull_policies = ["always", "if-not-present"]
    allowed_images = ["ruby:*"]
    allowed_services = ["postgres:*"]
  [runners.airlock]
    backend = "microvm"
    size_tag_prefix = "size-"
    tags = ["size-4cpu", "linux"]
    network = "allowlist"
    allow = ["deb.debian.org:80"]
    default_image = "builder"
    [runners.airlock.default_size]
      cpus = 1
      memory = "1g"
      disk = 2048
    [runners.airlock.max_size]
      cpus = 16
      memory = "64g"
      disk = "200g"`)}`,
      "config.toml",
    );
    expect(config).toMatchObject({
      concurrent: 4,
      checkIntervalSeconds: 10,
      logLevel: "warn",
      listenAddress: "127.0.0.1:9252",
    });
    expect(config.runners[0]).toMatchObject({
      id: 7,
      tokenObtainedAt: "2025-04-20T13:10:41.000Z",
      tokenExpiresAt: "2026-04-20T13:10:41.000Z",
      limit: 2,
      requestConcurrency: 3,
      outputLimitKiB: 8192,
      environment: [
        { name: "GIT_DEPTH", value: "5" },
        { name: "A", value: "b=c" },
      ],
      executor: "docker",
      docker: {
        image: "ruby:3.3",
        pullPolicy: ["if-not-present"],
        allowedPullPolicies: ["always", "if-not-present"],
        allowedImages: ["ruby:*"],
        allowedServices: ["postgres:*"],
      },
      airlock: {
        backend: "microvm",
        defaultSize: { cpus: 1, memoryMiB: 1024, diskMiB: 2048 },
        maxSize: { cpus: 16, memoryMiB: 65_536, diskMiB: 204_800 },
        sizeTagPrefix: "size-",
        tags: ["size-4cpu", "linux"],
        network: "allowlist",
        allow: ["deb.debian.org:80"],
        defaultImage: "builder",
      },
    });
  });

  it("reads gitlab-runner's zero time as a token that never expires", () => {
    const { config } = parseRunnerConfig(
      runner("  token_expires_at = 0001-01-01T00:00:00Z"),
      "config.toml",
    );
    expect(config.runners[0]?.tokenExpiresAt).toBeUndefined();
  });

  it("refuses each isolation-breaking docker setting with its line and what airlock does", () => {
    const errors = errorsOf(
      runner(`  [runners.docker]
    privileged = true
    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache", "builds:/builds"]
    network_mode = "host"
    cap_add = ["SYS_ADMIN"]
    devices = ["/dev/kvm"]
    services_privileged = true`),
    );
    expect(
      errors.map((line) => /^config\.toml:(\d+): ([^:]+): refused: /.exec(line)?.slice(1)),
    ).toEqual([
      ["7", "runners[0].docker.privileged"],
      ["8", "runners[0].docker.volumes"],
      ["8", "runners[0].docker.volumes"],
      ["9", "runners[0].docker.network_mode"],
      ["10", "runners[0].docker.cap_add"],
      ["11", "runners[0].docker.devices"],
      ["12", "runners[0].docker.services_privileged"],
    ]);
    expect(errors[0]).toContain("airlock runs every job as root inside its own sandbox");
    expect(errors[1]).toContain('"/var/run/docker.sock:/var/run/docker.sock" mounts a host path');
    expect(errors[2]).toContain('"builds:/builds" mounts a host path (or a named volume');
    expect(errors[3]).toContain("airlock gives every job its own network namespace");
    expect(errors[4]).toContain("airlock jobs hold no capability on the host");
    expect(errors[5]).toContain("airlock passes no host device into a job");
  });

  it("accepts the harmless values of those keys, warning where they have no effect", () => {
    const { warnings } = parseRunnerConfig(
      runner(`  [runners.docker]
    privileged = false
    volumes = ["/cache"]
    cap_add = []
    network_mode = "bridge"
    shm_size = 0
    tls_verify = false
    memory = "2g"`),
      "config.toml",
    );
    expect(warnings.map(formatConfigProblem)).toEqual([
      'config.toml:8: runners[0].docker.volumes: "/cache" has no effect in airlock: nothing survives a job except its caches (per project and key) and artifacts',
      "config.toml:10: runners[0].docker.network_mode: has no effect in airlock: every job has its own network namespace; see [runners.airlock] network",
      "config.toml:13: runners[0].docker.memory: has no effect in airlock: airlock makes the sandbox itself (size from [runners.airlock] and tags, its own network and hardening)",
    ]);
  });

  it("reports unknown keys in every table with their lines, and unused gitlab-runner keys", () => {
    const text = `concurrnt = 2
shutdown_timeout = 30
${runner(`  limt = 1
  builds_dir = "/builds"
  shell = ""
  [runners.docker]
    imag = "x"
  [runners.airlock]
    netwrk = "none"
    [runners.airlock.max_size]
      gpus = 1`)}`;
    expect(errorsOf(text)).toEqual([
      "config.toml:1: concurrnt: unknown key (neither gitlab-runner nor airlock reads it): check its spelling and the table it is in",
      "config.toml:8: runners[0].limt: unknown key (neither gitlab-runner nor airlock reads it in this table): check its spelling and the table it is in",
      "config.toml:12: runners[0].docker.imag: unknown key (neither gitlab-runner nor airlock reads it in this table): check its spelling and the table it is in",
      "config.toml:14: runners[0].airlock.netwrk: unknown key (neither gitlab-runner nor airlock reads it in this table): check its spelling and the table it is in",
      "config.toml:16: runners[0].airlock.max_size.gpus: unknown key (neither gitlab-runner nor airlock reads it in this table): check its spelling and the table it is in",
    ]);
    const { warnings } = parseRunnerConfig(
      text.replace(/^\s*(concurrnt|limt|imag|netwrk|gpus) = .*$/gm, ""),
      "config.toml",
    );
    expect(warnings.map((w) => `${w.line ?? 0} ${w.key}`)).toEqual([
      "2 shutdown_timeout",
      "9 runners[0].builds_dir",
    ]);
  });

  it("reports wrong types, values and missing keys, all at once", () => {
    expect(
      errorsOf(`concurrent = 0
check_interval = "3s"
log_level = "loud"
[[runners]]
  name = "a"
  url = "gitlab.example.com"
  executor = "shell"
  environment = ["NOVALUE"]
  [runners.docker]
    pull_policy = ["sometimes"]
  [runners.airlock]
    backend = "vm"
    allow = ["10.0.0.0/8"]
    [runners.airlock.default_size]
      memory = "lots"
      cpus = 32
    [runners.airlock.max_size]
      cpus = 8
[[runners]]
  name = "a"
  url = "https://gitlab.example.com"
  token = "glrt-x"`),
    ).toEqual([
      "config.toml:1: concurrent: expected a whole number of at least 1, got 0",
      'config.toml:2: check_interval: expected a whole number of at least 0, got "3s"',
      'config.toml:3: log_level: expected one of debug, info, warn, warning, error, fatal, panic, got "loud"',
      "config.toml:4: runners[0].token: is required (airlock register writes it)",
      'config.toml:6: runners[0].url: expected an http:// or https:// URL, got "gitlab.example.com"',
      'config.toml:7: runners[0].executor: "shell" is not what airlock does: airlock runs every job in a fresh sandbox of its own. Set executor = "airlock" (or keep "docker": [runners.docker] image and pull settings are honoured)',
      'config.toml:8: runners[0].environment: "NOVALUE" is not NAME=VALUE',
      'config.toml:10: runners[0].docker.pull_policy: expected always, if-not-present, never, got "sometimes"',
      'config.toml:12: runners[0].airlock.backend: expected one of container, microvm, got "vm"',
      'config.toml:13: runners[0].airlock.allow: is only read with network = "allowlist": set that, or remove allow',
      "config.toml:14: runners[0].airlock.default_size: its CPU count (32) exceeds max_size (8)",
      'config.toml:15: runners[0].airlock.default_size.memory: expected a size such as "8g" or "512m", got "lots"',
      'config.toml:20: runners[1].name: "a" is used by an earlier [[runners]]: names must be unique',
    ]);
  });

  it("names file, line and column of a TOML syntax error", () => {
    expect(() =>
      parseRunnerConfig("concurrent = 1\n[[runners]\n", "/etc/airlock/config.toml"),
    ).toThrow(/^\/etc\/airlock\/config\.toml:2:\d+: not valid TOML/);
  });
});
