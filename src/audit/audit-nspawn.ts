import type { AuditFinding } from "./audit-finding.js";
import type { AuditRuleId } from "./audit-rules.js";
import { stringsAt, tableAt, type ConfigDoc, type DocPath } from "../config/config-doc.js";
import { makeFinding, unknownKeyFindings } from "./make-finding.js";

/** Settings of systemd.nspawn(5), by section. */
const knownKeys: Readonly<Record<string, ReadonlySet<string>>> = {
  Exec: new Set([
    "Boot",
    "Ephemeral",
    "ProcessTwo",
    "Parameters",
    "Environment",
    "User",
    "WorkingDirectory",
    "PivotRoot",
    "Capability",
    "DropCapability",
    "AmbientCapability",
    "NoNewPrivileges",
    "KillSignal",
    "Personality",
    "MachineID",
    "PrivateUsers",
    "NotifyReady",
    "SystemCallFilter",
    "LimitCPU",
    "LimitFSIZE",
    "LimitDATA",
    "LimitSTACK",
    "LimitCORE",
    "LimitRSS",
    "LimitNOFILE",
    "LimitAS",
    "LimitNPROC",
    "LimitMEMLOCK",
    "LimitLOCKS",
    "LimitSIGPENDING",
    "LimitMSGQUEUE",
    "LimitNICE",
    "LimitRTPRIO",
    "LimitRTTIME",
    "OOMScoreAdjust",
    "CPUAffinity",
    "Hostname",
    "ResolvConf",
    "Timezone",
    "LinkJournal",
    "SuppressSync",
  ]),
  Files: new Set([
    "ReadOnly",
    "Volatile",
    "Bind",
    "BindReadOnly",
    "BindUser",
    "TemporaryFileSystem",
    "Inaccessible",
    "Overlay",
    "OverlayReadOnly",
    "PrivateUsersOwnership",
  ]),
  Network: new Set([
    "Private",
    "VirtualEthernet",
    "VirtualEthernetExtra",
    "Interface",
    "MACVLAN",
    "IPVLAN",
    "Bridge",
    "Zone",
    "Port",
  ]),
};

const yes = /^(1|yes|y|true|t|on)$/i;
const no = /^(0|no|n|false|f|off)$/i;

/** Every rule over a systemd-nspawn `.nspawn` file. */
export function auditNspawn(doc: ConfigDoc, file: string): AuditFinding[] {
  const root = doc.root;
  const findings: AuditFinding[] = [];
  const add = (id: AuditRuleId, path: DocPath, evidence: string): void => {
    findings.push(makeFinding(file, doc, id, { path, evidence, line: doc.lineOf(path) ?? 1 }));
  };
  const last = (section: string, key: string): string | undefined =>
    stringsAt(root, [section, key]).at(-1);
  for (const section of Object.keys(tableAt(root, []) ?? {})) {
    const keys = knownKeys[section];
    if (keys === undefined) {
      findings.push(
        makeFinding(file, doc, "AUD000", {
          path: [section],
          evidence: `[${section}] (not a systemd.nspawn section)`,
        }),
      );
    } else {
      findings.push(...unknownKeyFindings(file, doc, tableAt(root, [section]), [section], keys));
    }
  }

  const privateUsers = last("Exec", "PrivateUsers");
  if (privateUsers !== undefined && no.test(privateUsers)) {
    add("NSP001", ["Exec", "PrivateUsers"], `PrivateUsers=${privateUsers}`);
  }
  const noNewPrivileges = last("Exec", "NoNewPrivileges");
  if (noNewPrivileges === undefined || !yes.test(noNewPrivileges)) {
    add(
      "NSP002",
      noNewPrivileges === undefined ? ["Exec"] : ["Exec", "NoNewPrivileges"],
      noNewPrivileges === undefined ? "no NoNewPrivileges=" : `NoNewPrivileges=${noNewPrivileges}`,
    );
  }
  if (stringsAt(root, ["Exec", "SystemCallFilter"]).length === 0) {
    add("NSP003", ["Exec"], "no SystemCallFilter=");
  }
  const privateNetwork =
    yes.test(last("Network", "Private") ?? "") ||
    yes.test(last("Network", "VirtualEthernet") ?? "") ||
    ["Zone", "Bridge", "MACVLAN", "IPVLAN", "Interface"].some(
      (key) => (last("Network", key) ?? "") !== "",
    );
  if (!privateNetwork) {
    const explicit = last("Network", "Private");
    add(
      "NSP004",
      explicit === undefined ? ["Network"] : ["Network", "Private"],
      explicit === undefined
        ? "no Private=, VirtualEthernet= or Zone= in [Network]"
        : `Private=${explicit}`,
    );
  }
  const readOnly = last("Files", "ReadOnly");
  const volatile = last("Files", "Volatile");
  const ephemeral = last("Exec", "Ephemeral");
  if (
    !yes.test(readOnly ?? "") &&
    !/^(state|overlay)$/i.test(volatile ?? "") &&
    !yes.test(volatile ?? "") &&
    !yes.test(ephemeral ?? "")
  ) {
    add(
      "NSP005",
      readOnly === undefined ? ["Files"] : ["Files", "ReadOnly"],
      readOnly === undefined ? "no ReadOnly=, Volatile= or Ephemeral=" : `ReadOnly=${readOnly}`,
    );
  }
  stringsAt(root, ["Exec", "Capability"]).forEach((value, index) => {
    if (value.trim() !== "") add("NSP006", ["Exec", "Capability", index], `Capability=${value}`);
  });
  return findings;
}
