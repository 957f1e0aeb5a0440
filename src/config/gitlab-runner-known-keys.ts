/**
 * The keys gitlab-runner's config.toml documents for the tables airlock audit checks for
 * typos (docs.gitlab.com/runner/configuration/advanced-configuration). Checked: the global
 * section, `[session_server]`, `[[runners]]`, `[runners.docker]`, `[runners.ssh]`,
 * `[runners.machine]`, `[runners.autoscaler]` (the flat sets in `gitlabRunnerKnownKeys`), and
 * `[runners.kubernetes]` with its sub-tables, `[runners.cache]` with `s3`/`gcs`/`azure`,
 * `[runners.custom]` (the nested schemas in `gitlabRunnerKnownTables`) and
 * `[runners.feature_flags]` (any `FF_[A-Z0-9_]+` name, `isFeatureFlagName`).
 */
export const gitlabRunnerKnownKeys = {
  global: new Set([
    "user",
    "experimental",
    "concurrent",
    "log_level",
    "log_format",
    "check_interval",
    "sentry_dsn",
    "connection_max_age",
    "listen_address",
    "shutdown_timeout",
    "runners",
    "session_server",
  ]),
  runner: new Set([
    "labels",
    "proxy_exec",
    "strict_check_interval",
    "monitoring",
    "use_slot_cgroups",
    "slot_cgroup_template",
    "instance",
    "step_runner_image",
    "name",
    "id",
    "url",
    "clone_url",
    "token",
    "token_obtained_at",
    "token_expires_at",
    "tls-ca-file",
    "tls-cert-file",
    "tls-key-file",
    "limit",
    "executor",
    "shell",
    "builds_dir",
    "cache_dir",
    "environment",
    "request_concurrency",
    "output_limit",
    "pre_clone_script",
    "pre_get_sources_script",
    "post_get_sources_script",
    "pre_build_script",
    "post_build_script",
    "clean_git_config",
    "safe_directory_checkout",
    "debug_trace_disabled",
    "referees",
    "unhealthy_requests_limit",
    "unhealthy_interval",
    "job_status_final_update_retry_limit",
    "docker",
    "ssh",
    "machine",
    "autoscaler",
    "kubernetes",
    "custom",
    "cache",
    "feature_flags",
    "custom_build_dir",
    "parallels",
    "virtualbox",
  ]),
  docker: new Set([
    "service_cgroup_parent",
    "service_slot_cgroup_template",
    "ipcmode",
    "cgroup_parent",
    "services_devices",
    "volume_driver_ops",
    "host",
    "hostname",
    "image",
    "runtime",
    "memory",
    "memory_swap",
    "memory_reservation",
    "cpuset_cpus",
    "cpuset_mems",
    "cpus",
    "cpu_shares",
    "dns",
    "dns_search",
    "privileged",
    "disable_entrypoint_overwrite",
    "userns_mode",
    "cap_add",
    "cap_drop",
    "oom_kill_disable",
    "oom_score_adjust",
    "security_opt",
    "services_security_opt",
    "devices",
    "device_cgroup_rules",
    "gpus",
    "disable_cache",
    "volumes",
    "volume_driver",
    "volumes_from",
    "extra_hosts",
    "shm_size",
    "tmpfs",
    "services_tmpfs",
    "services_limit",
    "service_cpus",
    "service_cpuset_cpus",
    "service_cpu_shares",
    "service_memory",
    "service_memory_swap",
    "service_memory_reservation",
    "service_gpus",
    "network_mode",
    "network_mtu",
    "links",
    "mac_address",
    "wait_for_services_timeout",
    "allowed_images",
    "allowed_privileged_images",
    "allowed_pull_policies",
    "allowed_services",
    "allowed_privileged_services",
    "allowed_users",
    "pull_policy",
    "isolation",
    "sysctls",
    "helper_image",
    "helper_image_flavor",
    "helper_image_autoset_arch_and_os",
    "container_labels",
    "enable_ipv6",
    "user",
    "group_add",
    "ulimit",
    "tls_verify",
    "tls_cert_path",
    "cache_dir",
    "services",
    "services_privileged",
    "log_options",
  ]),
  ssh: new Set([
    "user",
    "password",
    "host",
    "port",
    "identity_file",
    "disable_strict_host_key_checking",
    "known_hosts_file",
  ]),
  machine: new Set([
    "IdleCount",
    "IdleScaleFactor",
    "IdleCountMin",
    "IdleTime",
    "MaxGrowthRate",
    "MaxBuilds",
    "MachineDriver",
    "MachineName",
    "MachineOptions",
    "OffPeakPeriods",
    "OffPeakTimezone",
    "OffPeakIdleCount",
    "OffPeakIdleTime",
    "autoscaling",
  ]),
  autoscaler: new Set([
    "reservation_throttling",
    "instance_operation_time_buckets",
    "instance_creation_time_buckets",
    "instance_is_running_time_buckets",
    "instance_deletion_time_buckets",
    "instance_readiness_time_buckets",
    "instance_life_duration_buckets",
    "plugin",
    "capacity_per_instance",
    "max_use_count",
    "max_instances",
    "delete_instances_on_shutdown",
    "instance_ready_command",
    "instance_acquire_timeout",
    "update_interval",
    "update_interval_when_expecting",
    "deletion_retry_interval",
    "shutdown_deletion_interval",
    "shutdown_deletion_retries",
    "failure_threshold",
    "log_internal_ip",
    "log_external_ip",
    "plugin_config",
    "connector_config",
    "policy",
    "state_storage",
    "vm_isolation",
    "scale_throttle",
  ]),
  sessionServer: new Set(["listen_address", "advertise_address", "session_timeout"]),
} as const;

/**
 * A TOML table's known keys, and for the keys that hold tables (or arrays of tables) the
 * schema of those. A key in `keys` without an entry in `tables` is not looked into (scalars,
 * arrays of values, and open-ended maps such as `node_selector` or `pod_labels`).
 */
export interface KnownTable {
  readonly keys: ReadonlySet<string>;
  readonly tables?: Readonly<Record<string, KnownTable>>;
}

/** A table: its plain keys, plus the keys of `tables` (each with the schema of its table). */
function table(
  keys: readonly string[],
  tables: Readonly<Record<string, KnownTable>> = {},
): KnownTable {
  return { keys: new Set([...keys, ...Object.keys(tables)]), tables };
}

/*
 * Reviewed data: the `toml:"..."` tag names of the Go structs named in each comment, from
 * gitlab-runner's common/config.go (fields tagged `toml:"-"` are not config keys).
 */

/** NodeSelectorRequirement. */
const nodeSelectorRequirement = table(["key", "operator", "values"]);
/** NodeSelectorTerm. */
const nodeSelectorTerm = table([], {
  match_expressions: nodeSelectorRequirement,
  match_fields: nodeSelectorRequirement,
});
/** LabelSelector (match_labels is an open-ended map). */
const labelSelector = table(["match_labels"], { match_expressions: nodeSelectorRequirement });
/** PodAffinityTerm. */
const podAffinityTerm = table(["namespaces", "topology_key"], {
  label_selector: labelSelector,
  namespace_selector: labelSelector,
});
/** KubernetesPodAffinity and KubernetesPodAntiAffinity (same fields). */
const podAffinity = table([], {
  required_during_scheduling_ignored_during_execution: podAffinityTerm,
  /** WeightedPodAffinityTerm. */
  preferred_during_scheduling_ignored_during_execution: table(["weight"], {
    pod_affinity_term: podAffinityTerm,
  }),
});
/** KubernetesContainerSecurityContext with KubernetesContainerCapabilities. */
const containerSecurityContext = table(
  [
    "privileged",
    "run_as_user",
    "run_as_group",
    "run_as_non_root",
    "read_only_root_filesystem",
    "allow_privilege_escalation",
    "selinux_type",
    "proc_mount",
  ],
  { capabilities: table(["add", "drop"]) },
);
/** KubernetesLifecycleHandler with its actions. */
const lifecycleHandler = table([], {
  /** KubernetesLifecycleExecAction. */
  exec: table(["command"]),
  /** KubernetesLifecycleHTTPGet with KubernetesLifecycleHTTPGetHeader. */
  http_get: table(["host", "path", "port", "scheme"], { http_headers: table(["name", "value"]) }),
  /** KubernetesLifecycleTCPSocket. */
  tcp_socket: table(["host", "port"]),
});

/** KubernetesConfig and the structs it nests. */
const kubernetes = table(
  [
    "host",
    "context",
    "cert_file",
    "key_file",
    "ca_file",
    "bearer_token_overwrite_allowed",
    "bearer_token",
    "image",
    "namespace",
    "namespace_overwrite_allowed",
    "namespace_per_job",
    "privileged",
    "runtime_class_name",
    "allow_privilege_escalation",
    "cpu_limit",
    "cpu_limit_overwrite_max_allowed",
    "cpu_request",
    "cpu_request_overwrite_max_allowed",
    "memory_limit",
    "memory_limit_overwrite_max_allowed",
    "memory_request",
    "memory_request_overwrite_max_allowed",
    "ephemeral_storage_limit",
    "ephemeral_storage_limit_overwrite_max_allowed",
    "ephemeral_storage_request",
    "ephemeral_storage_request_overwrite_max_allowed",
    "service_cpu_limit",
    "service_cpu_limit_overwrite_max_allowed",
    "service_cpu_request",
    "service_cpu_request_overwrite_max_allowed",
    "service_memory_limit",
    "service_memory_limit_overwrite_max_allowed",
    "service_memory_request",
    "service_memory_request_overwrite_max_allowed",
    "service_ephemeral_storage_limit",
    "service_ephemeral_storage_limit_overwrite_max_allowed",
    "service_ephemeral_storage_request",
    "service_ephemeral_storage_request_overwrite_max_allowed",
    "helper_cpu_limit",
    "helper_cpu_limit_overwrite_max_allowed",
    "helper_cpu_request",
    "helper_cpu_request_overwrite_max_allowed",
    "helper_memory_limit",
    "helper_memory_limit_overwrite_max_allowed",
    "helper_memory_request",
    "helper_memory_request_overwrite_max_allowed",
    "helper_ephemeral_storage_limit",
    "helper_ephemeral_storage_limit_overwrite_max_allowed",
    "helper_ephemeral_storage_request",
    "helper_ephemeral_storage_request_overwrite_max_allowed",
    "allowed_images",
    "allowed_pull_policies",
    "allowed_services",
    "allowed_users",
    "allowed_groups",
    "pull_policy",
    "node_selector",
    "node_selector_overwrite_allowed",
    "node_tolerations",
    "node_tolerations_overwrite_allowed",
    "image_pull_secrets",
    "use_service_account_image_pull_secrets",
    "helper_image",
    "helper_image_flavor",
    "helper_image_autoset_arch_and_os",
    "pod_termination_grace_period_seconds",
    // Deprecated; in older releases' KubernetesConfig, replaced by the two grace periods here.
    "terminationGracePeriodSeconds",
    "cleanup_grace_period_seconds",
    "cleanup_resources_timeout",
    "poll_interval",
    "poll_timeout",
    "resource_availability_check_max_attempts",
    "retry_limit",
    "retry_backoff_max",
    "retry_limits",
    "pod_labels",
    "pod_labels_overwrite_allowed",
    "scheduler_name",
    "service_account",
    "service_account_overwrite_allowed",
    "automount_service_account_token",
    "pod_annotations",
    "pod_annotations_overwrite_allowed",
    "cap_add",
    "cap_drop",
    "dns_policy",
    "priority_class_name",
    "logs_base_dir",
    "scripts_base_dir",
    "print_pod_warning_events",
  ],
  {
    /** KubernetesAffinity. */
    affinity: table([], {
      /** KubernetesNodeAffinity with NodeSelector and PreferredSchedulingTerm. */
      node_affinity: table([], {
        required_during_scheduling_ignored_during_execution: table([], {
          node_selector_terms: nodeSelectorTerm,
        }),
        preferred_during_scheduling_ignored_during_execution: table(["weight"], {
          preference: nodeSelectorTerm,
        }),
      }),
      pod_affinity: podAffinity,
      pod_anti_affinity: podAffinity,
    }),
    /** KubernetesPodSecurityContext. */
    pod_security_context: table([
      "fs_group",
      "run_as_group",
      "run_as_non_root",
      "run_as_user",
      "supplemental_groups",
      "selinux_type",
    ]),
    init_permissions_container_security_context: containerSecurityContext,
    build_container_security_context: containerSecurityContext,
    helper_container_security_context: containerSecurityContext,
    service_container_security_context: containerSecurityContext,
    /** KubernetesVolumes. */
    volumes: table([], {
      /** KubernetesHostPath. */
      host_path: table([
        "name",
        "mount_path",
        "sub_path",
        "read_only",
        "host_path",
        "mount_propagation",
      ]),
      /** KubernetesPVC. */
      pvc: table(["name", "mount_path", "sub_path", "read_only", "mount_propagation"]),
      /** KubernetesConfigMap (items is an open-ended map). */
      config_map: table(["name", "mount_path", "sub_path", "read_only", "items"]),
      /** KubernetesSecret (items is an open-ended map). */
      secret: table(["name", "mount_path", "sub_path", "read_only", "items"]),
      /** KubernetesEmptyDir. */
      empty_dir: table(["name", "mount_path", "sub_path", "medium", "size_limit"]),
      /** KubernetesCSI (volume_attributes is an open-ended map). */
      csi: table([
        "name",
        "mount_path",
        "sub_path",
        "driver",
        "fs_type",
        "read_only",
        "volume_attributes",
      ]),
    }),
    /** KubernetesHostAliases. */
    host_aliases: table(["ip", "hostnames"]),
    /** Service. */
    services: table(["name", "alias", "command", "entrypoint", "environment"]),
    /** KubernetesDNSConfig with KubernetesDNSConfigOption. */
    dns_config: table(["nameservers", "searches"], { options: table(["name", "value"]) }),
    /** KubernetesContainerLifecyle. */
    container_lifecycle: table([], { post_start: lifecycleHandler, pre_stop: lifecycleHandler }),
    /** KubernetesPodSpec. */
    pod_spec: table(["name", "patch_path", "patch", "patch_type"]),
  },
);

/** CacheConfig with CacheS3Config, CacheGCSConfig (+ CacheGCSCredentials), CacheAzureConfig (+ CacheAzureCredentials). */
const cache = table(["Type", "Path", "Shared", "MaxUploadedArchiveSize"], {
  s3: table([
    "ServerAddress",
    "AccessKey",
    "SecretKey",
    "SessionToken",
    "BucketName",
    "BucketLocation",
    "Insecure",
    "AuthenticationType",
    "ServerSideEncryption",
    "ServerSideEncryptionKeyID",
    "DualStack",
    "PathStyle",
    "Accelerate",
    "RoleARN",
    "UploadRoleARN",
  ]),
  gcs: table(["AccessID", "PrivateKey", "CredentialsFile", "BucketName", "UniverseDomain"]),
  azure: table(["AccountName", "AccountKey", "ContainerName", "StorageDomain"]),
});

/** CustomConfig. */
const custom = table([
  "config_exec",
  "config_args",
  "config_exec_timeout",
  "prepare_exec",
  "prepare_args",
  "prepare_exec_timeout",
  "run_exec",
  "run_args",
  "cleanup_exec",
  "cleanup_args",
  "cleanup_exec_timeout",
  "graceful_kill_timeout",
  "force_kill_timeout",
]);

/** The nested schemas of the `[runners.*]` tables checked in depth. */
export const gitlabRunnerKnownTables = { kubernetes, cache, custom } as const;

/** `[runners.feature_flags]` holds feature flags only: `FF_` and upper-case letters, digits, `_`. */
export function isFeatureFlagName(key: string): boolean {
  return /^FF_[A-Z0-9_]+$/.test(key);
}
