import type { AuditFinding } from "./audit-finding.js";
import type { AuditRuleId } from "./audit-rules.js";
import {
  booleanAt,
  stringAt,
  stringsAt,
  valueAt,
  type ConfigDoc,
  type DocPath,
} from "../config/config-doc.js";
import { makeFinding, unknownKeyFindings } from "./make-finding.js";

/** daemon.json keys from the dockerd reference (docs.docker.com/reference/cli/dockerd). */
const knownKeys = new Set([
  "allow-nondistributable-artifacts",
  "api-cors-header",
  "authorization-plugins",
  "bip",
  "bip6",
  "bridge",
  "builder",
  "cdi-spec-dirs",
  "cgroup-parent",
  "containerd",
  "containerd-namespace",
  "containerd-plugins-namespace",
  "data-root",
  "debug",
  "default-address-pools",
  "default-cgroupns-mode",
  "default-gateway",
  "default-gateway-v6",
  "default-ipc-mode",
  "default-network-opts",
  "default-runtime",
  "default-shm-size",
  "default-ulimits",
  "dns",
  "dns-opts",
  "dns-search",
  "exec-opts",
  "exec-root",
  "experimental",
  "features",
  "fixed-cidr",
  "fixed-cidr-v6",
  "group",
  "host-gateway-ip",
  "hosts",
  "proxies",
  "icc",
  "init",
  "init-path",
  "insecure-registries",
  "ip",
  "ip-forward",
  "ip-masq",
  "iptables",
  "ip6tables",
  "ipv6",
  "labels",
  "live-restore",
  "log-driver",
  "log-format",
  "log-level",
  "log-opts",
  "max-concurrent-downloads",
  "max-concurrent-uploads",
  "max-download-attempts",
  "metrics-addr",
  "mtu",
  "no-new-privileges",
  "node-generic-resources",
  "oom-score-adjust",
  "pidfile",
  "raw-logs",
  "registry-mirrors",
  "runtimes",
  "seccomp-profile",
  "selinux-enabled",
  "shutdown-timeout",
  "storage-driver",
  "storage-opts",
  "swarm-default-advertise-addr",
  "tls",
  "tlscacert",
  "tlscert",
  "tlskey",
  "tlsverify",
  "userland-proxy",
  "userland-proxy-path",
  "userns-remap",
]);

/** Every rule over Docker's daemon.json. */
export function auditDockerDaemon(doc: ConfigDoc, file: string): AuditFinding[] {
  const root = doc.root;
  const findings: AuditFinding[] = [...unknownKeyFindings(file, doc, root, [], knownKeys)];
  const add = (id: AuditRuleId, path: DocPath, evidence: string, line?: number): void => {
    findings.push(
      makeFinding(file, doc, id, { path, evidence, line: line ?? doc.lineOf(path) ?? 1 }),
    );
  };
  const remap = stringAt(root, ["userns-remap"]);
  if (remap === undefined || remap.trim() === "") {
    add(
      "DKD001",
      ["userns-remap"],
      remap === undefined ? 'no "userns-remap"' : '"userns-remap": ""',
    );
  }
  const icc = valueAt(root, ["icc"]);
  if (icc !== false)
    add(
      "DKD002",
      ["icc"],
      icc === undefined ? 'no "icc" (default true)' : `"icc": ${JSON.stringify(icc)}`,
    );
  for (const registry of stringsAt(root, ["insecure-registries"])) {
    add(
      "DKD003",
      ["insecure-registries"],
      `"insecure-registries": "${registry}"`,
      doc.lineOfText(["insecure-registries"], registry),
    );
  }
  const verified = booleanAt(root, ["tlsverify"]) === true;
  for (const host of stringsAt(root, ["hosts"])) {
    if (/^tcp:\/\//.test(host) && !verified) {
      add(
        "DKD004",
        ["hosts"],
        `"hosts": "${host}" without "tlsverify": true`,
        doc.lineOfText(["hosts"], host),
      );
    }
  }
  if (booleanAt(root, ["no-new-privileges"]) !== true) {
    add("DKD005", ["no-new-privileges"], 'no "no-new-privileges": true');
  }
  return findings;
}
