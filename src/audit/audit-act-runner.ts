import type { AuditFinding } from "./audit-finding.js";
import type { AuditRuleId } from "./audit-rules.js";
import {
  booleanAt,
  stringAt,
  stringsAt,
  tableAt,
  type ConfigDoc,
  type DocPath,
} from "../config/config-doc.js";
import { isRuntimeSocket } from "./host-volume.js";
import { makeFinding, unknownKeyFindings } from "./make-finding.js";

/** The sections of act_runner's `config.yaml` (`act_runner generate-config`). */
const knownKeys = {
  top: new Set(["log", "runner", "cache", "container", "host"]),
  runner: new Set([
    "file",
    "capacity",
    "envs",
    "env_file",
    "timeout",
    "shutdown_timeout",
    "insecure",
    "fetch_timeout",
    "fetch_interval",
    "labels",
    "report_interval",
  ]),
  container: new Set([
    "network",
    "enable_ipv6",
    "privileged",
    "options",
    "workdir_parent",
    "valid_volumes",
    "docker_host",
    "force_pull",
    "force_rebuild",
    "require_docker",
    "docker_timeout",
  ]),
} as const;

/** Every rule over an act_runner / Forgejo runner config.yaml. */
export function auditActRunner(doc: ConfigDoc, file: string): AuditFinding[] {
  const root = doc.root;
  const findings: AuditFinding[] = [
    ...unknownKeyFindings(file, doc, root, [], knownKeys.top),
    ...unknownKeyFindings(file, doc, tableAt(root, ["runner"]), ["runner"], knownKeys.runner),
    ...unknownKeyFindings(
      file,
      doc,
      tableAt(root, ["container"]),
      ["container"],
      knownKeys.container,
    ),
  ];
  const add = (id: AuditRuleId, path: DocPath, evidence: string): void => {
    findings.push(makeFinding(file, doc, id, { path, evidence }));
  };
  stringsAt(root, ["runner", "labels"]).forEach((label, index) => {
    const scheme = label.split(":")[1];
    if (scheme === "host" || (scheme === undefined && /^self-hosted$/.test(label))) {
      add("ACT001", ["runner", "labels", index], `label "${label}"`);
    }
  });
  const options = stringAt(root, ["container", "options"]) ?? "";
  if (booleanAt(root, ["container", "privileged"]) === true) {
    add("ACT002", ["container", "privileged"], "container.privileged: true");
  } else if (/(^|\s)--privileged(=true)?(\s|$)/.test(options)) {
    add("ACT002", ["container", "options"], `container.options: "${options}"`);
  }
  const mounts = [...options.matchAll(/(?:-v|--volume|--mount)[ =]([^\s]+)/g)].map(
    (match) => match[1] ?? "",
  );
  const socketMount = mounts.find((mount) =>
    isRuntimeSocket(
      mount
        .split(":")[0]
        ?.replace(/^.*source=/, "")
        .split(",")[0] ?? "",
    ),
  );
  if (socketMount !== undefined) {
    add("ACT003", ["container", "options"], `container.options mounts ${socketMount}`);
  }
  stringsAt(root, ["container", "valid_volumes"]).forEach((volume, index) => {
    if (isRuntimeSocket(volume)) {
      add("ACT003", ["container", "valid_volumes", index], `valid_volumes: "${volume}"`);
    }
  });
  const usesContainers = stringsAt(root, ["runner", "labels"]).some((label) =>
    label.includes(":docker://"),
  );
  const dockerHost = stringAt(root, ["container", "docker_host"]) ?? "";
  if (usesContainers && socketMount === undefined && dockerHost !== "-") {
    add(
      "ACT003",
      dockerHost === "" ? ["container"] : ["container", "docker_host"],
      `docker_host: "${dockerHost}" (not "-": the runner's Docker socket is mounted into job containers)`,
    );
  }
  if (stringAt(root, ["container", "network"]) === "host") {
    add("ACT004", ["container", "network"], "container.network: host");
  }
  return findings;
}
