import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { auditConfigText } from "./audit-config-text.js";

/** The AUD000 findings of a config.toml, as `[line, evidence]`. */
function unknownKeys(text: string): readonly (readonly [number | undefined, string])[] {
  return auditConfigText("gitlab-runner", text, "config.toml", { mode: 0o600 })
    .findings.filter((finding) => finding.ruleId === "AUD000")
    .map((finding) => [finding.line, finding.evidence] as const);
}

const runner = `concurrent = 1

[[runners]]
  name = "fixture"
  url = "https://gitlab.example.com/"
  token = "glrt-fixtureTokenAbcdef123"
`;

describe("unknown keys (AUD000) in gitlab-runner config.toml", () => {
  it("checks [runners.kubernetes] and its nested tables", () => {
    const text = `${runner}  executor = "kubernetes"
  [runners.kubernetes]
    namespace = "ci"
    privilegd = false
    [runners.kubernetes.node_selector]
      "kubernetes.io/os" = "linux"
      anything_goes = "here"
    [runners.kubernetes.pod_labels]
      team = "ci"
    [runners.kubernetes.pod_annotations]
      "example.com/owner" = "ci"
    [runners.kubernetes.node_tolerations]
      "node-role.kubernetes.io/ci=true" = "NoSchedule"
    [runners.kubernetes.pod_security_context]
      run_as_non_rot = true
    [runners.kubernetes.build_container_security_context]
      read_only_rootfs = true
      [runners.kubernetes.build_container_security_context.capabilities]
        drop = ["ALL"]
        addd = ["NET_RAW"]
    [runners.kubernetes.helper_container_security_context]
      run_as_user = 1000
    [runners.kubernetes.service_container_security_context]
      run_as_user = 1000
    [runners.kubernetes.init_permissions_container_security_context]
      run_as_user = 1000
    [[runners.kubernetes.volumes.host_path]]
      name = "a"
      mount_path = "/a"
      read_onyl = true
    [[runners.kubernetes.volumes.pvc]]
      name = "b"
      mount_path = "/b"
    [[runners.kubernetes.volumes.config_map]]
      name = "c"
      mount_path = "/c"
      [runners.kubernetes.volumes.config_map.items]
        "any.key" = "any/path"
    [[runners.kubernetes.volumes.secret]]
      name = "d"
      mount_path = "/d"
    [[runners.kubernetes.volumes.empty_dir]]
      name = "e"
      mount_path = "/e"
      size = "1Gi"
    [[runners.kubernetes.volumes.csi]]
      name = "f"
      mount_path = "/f"
      driver = "csi.example.com"
      [runners.kubernetes.volumes.csi.volume_attributes]
        whatever = "x"
    [runners.kubernetes.dns_config]
      nameservers = ["1.1.1.1"]
      [[runners.kubernetes.dns_config.options]]
        name = "ndots"
        value = "2"
    [[runners.kubernetes.host_aliases]]
      ip = "127.0.0.1"
      hostnames = ["web"]
    [[runners.kubernetes.pod_spec]]
      name = "patch"
      patch = "{}"
      patch_type = "merge"
    [runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution]
      [[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms]]
        [[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms.match_expressions]]
          key = "zone"
          operater = "In"
          values = ["a"]
`;
    expect(unknownKeys(text)).toEqual([
      [10, "privilegd (not a known runners.kubernetes key)"],
      [21, "run_as_non_rot (not a known runners.kubernetes.pod_security_context key)"],
      [
        23,
        "read_only_rootfs (not a known runners.kubernetes.build_container_security_context key)",
      ],
      [
        26,
        "addd (not a known runners.kubernetes.build_container_security_context.capabilities key)",
      ],
      [36, "read_onyl (not a known runners.kubernetes.volumes.host_path key)"],
      [51, "size (not a known runners.kubernetes.volumes.empty_dir key)"],
      [
        74,
        "operater (not a known runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms.match_expressions key)",
      ],
    ]);
  });

  it("finds no unknown key in a correct kubernetes config", () => {
    const corpus = readFileSync(
      new URL("../../test/fixtures/audit/corpus/06-kubernetes-privileged.toml", import.meta.url),
      "utf8",
    );
    expect(unknownKeys(corpus)).toEqual([]);
  });

  it("checks [runners.cache] with s3, gcs and azure", () => {
    const text = `${runner}  executor = "docker"
  [runners.docker]
    image = "alpine:3.20"
    allowed_pull_policies = ["always"]
  [runners.cache]
    Type = "s3"
    Shard = true
    [runners.cache.s3]
      ServerAddress = "s3.amazonaws.com"
      BucketNmae = "cache"
    [runners.cache.gcs]
      BucketName = "cache"
      CredentialFile = "/etc/gcs.json"
    [runners.cache.azure]
      ContainerName = "cache"
      AccountKeys = "x"
`;
    expect(unknownKeys(text)).toEqual([
      [13, "Shard (not a known runners.cache key)"],
      [16, "BucketNmae (not a known runners.cache.s3 key)"],
      [19, "CredentialFile (not a known runners.cache.gcs key)"],
      [22, "AccountKeys (not a known runners.cache.azure key)"],
    ]);
  });

  it("checks [runners.custom]", () => {
    const text = `${runner}  executor = "custom"
  [runners.custom]
    prepare_exec = "/opt/ci/prepare.sh"
    run_exec = "/opt/ci/run.sh"
    cleanup_exce = "/opt/ci/cleanup.sh"
`;
    expect(unknownKeys(text)).toEqual([[11, "cleanup_exce (not a known runners.custom key)"]]);
  });

  it("takes only FF_ names in [runners.feature_flags]", () => {
    const text = `${runner}  executor = "shell"
  [runners.feature_flags]
    FF_ENABLE_JOB_CLEANUP = true
    FF_USE_FASTZIP = true
    ff_network_per_build = true
    ENABLE_JOB_CLEANUP = true
`;
    expect(unknownKeys(text)).toEqual([
      [11, "ff_network_per_build (not a known runners.feature_flags key)"],
      [12, "ENABLE_JOB_CLEANUP (not a known runners.feature_flags key)"],
    ]);
  });

  it("checks a present section whatever the executor", () => {
    const text = `${runner}  executor = "docker"
  [runners.docker]
    image = "alpine:3.20"
    allowed_pull_policies = ["always"]
  [runners.kubernetes]
    namespcae = "ci"
`;
    expect(unknownKeys(text)).toEqual([[12, "namespcae (not a known runners.kubernetes key)"]]);
  });
});
