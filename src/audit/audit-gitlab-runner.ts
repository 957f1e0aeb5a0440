import type { AuditFinding } from "./audit-finding.js";
import {
  booleanAt,
  numberAt,
  stringAt,
  stringsAt,
  tableAt,
  arrayAt,
  valueAt,
  type ConfigDoc,
  type DocPath,
} from "../config/config-doc.js";
import {
  gitlabRunnerKnownKeys as known,
  gitlabRunnerKnownTables as knownTables,
  isFeatureFlagName,
} from "../config/gitlab-runner-known-keys.js";
import {
  isRuntimeSocket,
  isSensitiveHostPath,
  listensOnAllInterfaces,
  parseVolumeEntry,
} from "./host-volume.js";
import {
  makeFinding,
  unknownKeyFindings,
  unknownKeyFindingsDeep,
  type Evidence,
} from "./make-finding.js";
import type { AuditRuleId } from "./audit-rules.js";

/** Facts about the file that are not in its text. */
export interface FileFacts {
  /** Permission bits (e.g. 0o644), when the file was read from disk. */
  readonly mode?: number | undefined;
}

const dockerExecutors = new Set([
  "docker",
  "docker-windows",
  "docker+machine",
  "docker-autoscaler",
]);
const staticHostExecutors = new Set(["shell", "ssh", "custom"]);
const sshExecutors = new Set(["ssh", "virtualbox", "parallels"]);

/**
 * Capabilities that are escape paths or host tampering tools. Docker's default set (CHOWN,
 * NET_RAW, MKNOD, ...) is not listed: it is what every container already has.
 */
const dangerousCapabilities = new Set([
  "ALL",
  "SYS_ADMIN",
  "SYS_MODULE",
  "SYS_PTRACE",
  "SYS_RAWIO",
  "SYS_BOOT",
  "SYS_TIME",
  "NET_ADMIN",
  "DAC_READ_SEARCH",
  "BPF",
  "PERFMON",
  "SYSLOG",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
  "LINUX_IMMUTABLE",
]);

/** Every rule over a gitlab-runner config.toml. */
export function auditGitlabRunner(doc: ConfigDoc, file: string, facts: FileFacts): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const add = (id: AuditRuleId, seen: Evidence): void => {
    findings.push(makeFinding(file, doc, id, seen));
  };
  const root = doc.root;
  findings.push(...unknownKeyFindings(file, doc, root, [], known.global));

  const listen = stringAt(root, ["listen_address"]);
  if (listen !== undefined && listensOnAllInterfaces(listen)) {
    add("GLR024", { path: ["listen_address"], evidence: `listen_address = "${listen}"` });
  }
  const session = stringAt(root, ["session_server", "listen_address"]);
  if (session !== undefined && listensOnAllInterfaces(session)) {
    add("GLR025", {
      path: ["session_server", "listen_address"],
      evidence: `[session_server] listen_address = "${session}"`,
    });
  }
  findings.push(
    ...unknownKeyFindings(
      file,
      doc,
      valueAt(root, ["session_server"]),
      ["session_server"],
      known.sessionServer,
    ),
  );

  const runners = arrayAt(root, ["runners"]);
  if (facts.mode !== undefined && (facts.mode & 0o044) !== 0) {
    const tokens = runners.filter(
      (_, i) => stringAt(root, ["runners", i, "token"]) !== undefined,
    ).length;
    const firstToken = runners
      .map((_, i) => stringAt(root, ["runners", i, "token"]))
      .find((token) => token !== undefined);
    add("GLR026", {
      path: [],
      line: 1,
      evidence:
        `mode ${(facts.mode & 0o777).toString(8).padStart(4, "0")} (${(facts.mode & 0o004) !== 0 ? "world" : "group"}-readable); ` +
        `holds ${tokens} runner token(s)${firstToken === undefined ? "" : ` such as ${firstToken}`}`,
    });
  }
  runners.forEach((_, index) => {
    findings.push(...auditRunner(doc, file, index));
  });
  return findings;
}

function auditRunner(doc: ConfigDoc, file: string, index: number): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const root = doc.root;
  const base: DocPath = ["runners", index];
  const name = stringAt(root, [...base, "name"]);
  const scope = `[[runners]] #${index + 1}${name === undefined ? "" : ` "${name}"`}`;
  const add = (id: AuditRuleId, path: DocPath, evidence: string, line?: number): void => {
    findings.push(
      makeFinding(file, doc, id, {
        path: [...base, ...path],
        evidence,
        scope,
        scopeDepth: 2,
        line,
      }),
    );
  };
  const executor = stringAt(root, [...base, "executor"]) ?? "";
  const runner = valueAt(root, base);
  findings.push(...unknownKeyFindings(file, doc, runner, base, known.runner, scope, 2));
  for (const section of ["kubernetes", "cache", "custom"] as const) {
    findings.push(
      ...unknownKeyFindingsDeep(
        file,
        doc,
        valueAt(root, [...base, section]),
        [...base, section],
        knownTables[section],
        scope,
        2,
      ),
    );
  }
  findings.push(
    ...unknownKeyFindings(
      file,
      doc,
      valueAt(root, [...base, "feature_flags"]),
      [...base, "feature_flags"],
      isFeatureFlagName,
      scope,
      2,
    ),
  );

  if (executor === "shell") add("GLR006", ["executor"], 'executor = "shell"');
  if (executor === "ssh") add("GLR007", ["executor"], 'executor = "ssh"');
  if (executor === "custom") add("GLR028", ["executor"], 'executor = "custom"');
  if (
    sshExecutors.has(executor) &&
    booleanAt(root, [...base, "ssh", "disable_strict_host_key_checking"]) === true
  ) {
    add(
      "GLR008",
      ["ssh", "disable_strict_host_key_checking"],
      `[runners.ssh] disable_strict_host_key_checking = true (host ${stringAt(root, [...base, "ssh", "host"]) ?? "?"})`,
    );
  }
  findings.push(
    ...unknownKeyFindings(
      file,
      doc,
      valueAt(root, [...base, "ssh"]),
      [...base, "ssh"],
      known.ssh,
      scope,
      2,
    ),
  );

  const environment = stringsAt(root, [...base, "environment"]);
  const fetch = environment.find((entry) => /^GIT_STRATEGY=fetch$/i.test(entry.trim()));
  if (fetch !== undefined) {
    add(
      "GLR015",
      ["environment"],
      `environment: "${fetch}"`,
      doc.lineOfText([...base, "environment"], fetch),
    );
  }

  if (staticHostExecutors.has(executor) && !jobCleanupEnabled(root, base, environment)) {
    const flag = valueAt(root, [...base, "feature_flags", "FF_ENABLE_JOB_CLEANUP"]);
    add(
      "GLR017",
      flag === undefined ? ["executor"] : ["feature_flags", "FF_ENABLE_JOB_CLEANUP"],
      flag === undefined
        ? `executor = "${executor}" without FF_ENABLE_JOB_CLEANUP`
        : `FF_ENABLE_JOB_CLEANUP = ${JSON.stringify(flag)}`,
    );
  }

  if (dockerExecutors.has(executor) || tableAt(root, [...base, "docker"]) !== undefined) {
    findings.push(...auditDocker(doc, file, base, scope));
  }
  if (executor === "kubernetes") findings.push(...auditKubernetes(doc, file, base, scope));

  if (executor === "docker+machine") {
    const maxBuilds = numberAt(root, [...base, "machine", "MaxBuilds"]);
    if (maxBuilds !== 1) {
      add(
        "GLR012",
        maxBuilds === undefined ? ["machine"] : ["machine", "MaxBuilds"],
        maxBuilds === undefined
          ? "[runners.machine] has no MaxBuilds (unlimited)"
          : `MaxBuilds = ${maxBuilds}`,
      );
    }
    findings.push(
      ...unknownKeyFindings(
        file,
        doc,
        valueAt(root, [...base, "machine"]),
        [...base, "machine"],
        known.machine,
        scope,
        2,
      ),
    );
  }
  if (executor === "docker-autoscaler" || executor === "instance") {
    const maxUse = numberAt(root, [...base, "autoscaler", "max_use_count"]);
    if (maxUse !== 1) {
      add(
        "GLR013",
        maxUse === undefined ? ["autoscaler"] : ["autoscaler", "max_use_count"],
        maxUse === undefined
          ? "[runners.autoscaler] has no max_use_count (unlimited reuse)"
          : `max_use_count = ${maxUse}${maxUse === 0 ? " (unlimited)" : ""}`,
      );
    }
    const capacity = numberAt(root, [...base, "autoscaler", "capacity_per_instance"]);
    if (capacity !== undefined && capacity > 1) {
      add("GLR014", ["autoscaler", "capacity_per_instance"], `capacity_per_instance = ${capacity}`);
    }
    findings.push(
      ...unknownKeyFindings(
        file,
        doc,
        valueAt(root, [...base, "autoscaler"]),
        [...base, "autoscaler"],
        known.autoscaler,
        scope,
        2,
      ),
    );
  }
  return findings;
}

function jobCleanupEnabled(root: unknown, base: DocPath, environment: readonly string[]): boolean {
  const flag = valueAt(root, [...base, "feature_flags", "FF_ENABLE_JOB_CLEANUP"]);
  if (flag !== undefined) return flag === true || flag === "true";
  return environment.some((entry) => /^FF_ENABLE_JOB_CLEANUP=(true|1)$/i.test(entry.trim()));
}

function auditDocker(doc: ConfigDoc, file: string, base: DocPath, scope: string): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const root = doc.root;
  const docker: DocPath = [...base, "docker"];
  const add = (id: AuditRuleId, key: DocPath, evidence: string, line?: number): void => {
    findings.push(
      makeFinding(file, doc, id, {
        path: [...docker, ...key],
        evidence,
        scope,
        scopeDepth: 2,
        line,
      }),
    );
  };
  findings.push(
    ...unknownKeyFindings(file, doc, valueAt(root, docker), docker, known.docker, scope, 2),
  );

  const privileged = booleanAt(root, [...docker, "privileged"]) === true;
  const allowedPrivileged = stringsAt(root, [...docker, "allowed_privileged_images"]);
  if (privileged) {
    add(
      "GLR001",
      ["privileged"],
      allowedPrivileged.length > 0
        ? `privileged = true (limited to ${allowedPrivileged.join(", ")})`
        : "privileged = true",
    );
  }
  const servicesPrivileged = booleanAt(root, [...docker, "services_privileged"]);
  const allowedPrivilegedServices = stringsAt(root, [...docker, "allowed_privileged_services"]);
  if (servicesPrivileged === true || (servicesPrivileged === undefined && privileged)) {
    const dind = arrayAt(root, [...docker, "services"])
      .map((_, i) => stringAt(root, [...docker, "services", i, "name"]))
      .filter((service): service is string => service !== undefined && /dind/.test(service));
    const detail = [
      servicesPrivileged === true
        ? "services_privileged = true"
        : "privileged = true applies to services too",
      ...(dind.length > 0 ? [`DinD service ${dind.join(", ")}`] : []),
      ...(allowedPrivilegedServices.length > 0
        ? [`limited to ${allowedPrivilegedServices.join(", ")}`]
        : []),
    ].join("; ");
    add("GLR002", servicesPrivileged === true ? ["services_privileged"] : ["privileged"], detail);
  }

  const builds = stringAt(root, [...base, "builds_dir"]) ?? "/builds";
  stringsAt(root, [...docker, "volumes"]).forEach((entry) => {
    const volume = parseVolumeEntry(entry);
    const line = doc.lineOfText([...docker, "volumes"], entry);
    if (volume.hostPath !== undefined && isRuntimeSocket(volume.hostPath)) {
      add("GLR003", ["volumes"], `volumes: "${entry}"`, line);
    } else if (volume.hostPath !== undefined && isSensitiveHostPath(volume.hostPath)) {
      add(
        "GLR004",
        ["volumes"],
        `volumes: "${entry}"${volume.readOnly ? " (read-only)" : ""}`,
        line,
      );
    } else if (volume.containerPath === builds || volume.containerPath.startsWith(`${builds}/`)) {
      add("GLR016", ["volumes"], `volumes: "${entry}" keeps ${builds} across jobs`, line);
    } else if (volume.hostPath !== undefined && !volume.readOnly) {
      add("GLR005", ["volumes"], `volumes: "${entry}"`, line);
    }
  });

  const pull = stringsAt(root, [...docker, "pull_policy"]);
  const cached = pull.filter((policy) => policy === "if-not-present" || policy === "never");
  if (cached.length > 0) {
    add("GLR009", ["pull_policy"], `pull_policy = ${JSON.stringify(pull)}`);
  }
  const allowedPull = valueAt(root, [...docker, "allowed_pull_policies"]);
  if (allowedPull === undefined) {
    add("GLR011", [], "[runners.docker] has no allowed_pull_policies");
  } else {
    const allowed = stringsAt(root, [...docker, "allowed_pull_policies"]);
    if (allowed.some((policy) => policy === "if-not-present" || policy === "never")) {
      add(
        "GLR010",
        ["allowed_pull_policies"],
        `allowed_pull_policies = ${JSON.stringify(allowed)}`,
      );
    }
  }

  for (const capability of stringsAt(root, [...docker, "cap_add"])) {
    const bare = capability.toUpperCase().replace(/^CAP_/, "");
    if (dangerousCapabilities.has(bare)) {
      add(
        "GLR018",
        ["cap_add"],
        `cap_add: "${capability}"`,
        doc.lineOfText([...docker, "cap_add"], capability),
      );
    }
  }
  for (const key of ["security_opt", "services_security_opt"] as const) {
    for (const option of stringsAt(root, [...docker, key])) {
      if (
        /^(seccomp|apparmor|systempaths)[=:]unconfined$|^label[=:]disable$/i.test(option.trim())
      ) {
        add("GLR019", [key], `${key}: "${option}"`, doc.lineOfText([...docker, key], option));
      }
    }
  }
  if (stringAt(root, [...docker, "network_mode"]) === "host") {
    add("GLR020", ["network_mode"], 'network_mode = "host"');
  }
  if (stringAt(root, [...docker, "userns_mode"]) === "host") {
    add("GLR021", ["userns_mode"], 'userns_mode = "host"');
  }
  for (const device of stringsAt(root, [...docker, "devices"])) {
    add(
      "GLR022",
      ["devices"],
      `devices: "${device}"`,
      doc.lineOfText([...docker, "devices"], device),
    );
  }
  const host = stringAt(root, [...docker, "host"]) ?? "";
  if (booleanAt(root, [...docker, "tls_verify"]) === false && /^tcp:\/\//.test(host)) {
    add("GLR023", ["tls_verify"], `tls_verify = false with host = "${host}"`);
  }
  return findings;
}

function auditKubernetes(
  doc: ConfigDoc,
  file: string,
  base: DocPath,
  scope: string,
): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const root = doc.root;
  const kube: DocPath = [...base, "kubernetes"];
  const add = (id: AuditRuleId, key: DocPath, evidence: string, line?: number): void => {
    findings.push(
      makeFinding(file, doc, id, { path: [...kube, ...key], evidence, scope, scopeDepth: 2, line }),
    );
  };
  if (booleanAt(root, [...kube, "privileged"]) === true)
    add("GLR001", ["privileged"], "privileged = true");
  if (booleanAt(root, [...kube, "allow_privilege_escalation"]) === true) {
    add("GLR027", ["allow_privilege_escalation"], "allow_privilege_escalation = true");
  }
  arrayAt(root, [...kube, "volumes", "host_path"]).forEach((_, i) => {
    const hostPath = stringAt(root, [...kube, "volumes", "host_path", i, "host_path"]);
    if (hostPath === undefined) return;
    const readOnly = booleanAt(root, [...kube, "volumes", "host_path", i, "read_only"]) === true;
    const evidence = `host_path = "${hostPath}"${readOnly ? " (read_only)" : ""}`;
    const path: DocPath = ["volumes", "host_path", i, "host_path"];
    if (isRuntimeSocket(hostPath)) add("GLR003", path, evidence);
    else if (isSensitiveHostPath(hostPath)) add("GLR004", path, evidence);
    else if (!readOnly) add("GLR005", path, evidence);
  });
  for (const capability of stringsAt(root, [...kube, "cap_add"])) {
    if (dangerousCapabilities.has(capability.toUpperCase().replace(/^CAP_/, ""))) {
      add("GLR018", ["cap_add"], `cap_add: "${capability}"`);
    }
  }
  const pull = stringsAt(root, [...kube, "pull_policy"]);
  if (pull.some((policy) => policy === "if-not-present" || policy === "never")) {
    add("GLR009", ["pull_policy"], `pull_policy = ${JSON.stringify(pull)}`);
  }
  const allowed = stringsAt(root, [...kube, "allowed_pull_policies"]);
  if (allowed.some((policy) => policy === "if-not-present" || policy === "never")) {
    add("GLR010", ["allowed_pull_policies"], `allowed_pull_policies = ${JSON.stringify(allowed)}`);
  }
  return findings;
}
