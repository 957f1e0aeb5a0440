import { aptInstall } from "./apt-install.js";
import { chooseRuntime } from "./choose-runtime.js";
import type { CheckRow, HostFacts, RuntimeName } from "./host-report.js";

/** The runc, crun and chosen-runtime rows. */
export function runtimeRows(facts: HostFacts): CheckRow[] {
  return [runtimeToolRow(facts, "runc"), runtimeToolRow(facts, "crun"), runtimeRow(facts)];
}

function runtimeToolRow(facts: HostFacts, name: RuntimeName): CheckRow {
  const fact = facts.runtimes[name];
  const other: RuntimeName = name === "runc" ? "crun" : "runc";
  const row = { id: name, label: `${name} (OCI runtime)`, scope: "info" } as const;
  if (fact.path === undefined) {
    // runc is the default runtime and --fix installs it; crun is an optional alternative.
    return name === "runc"
      ? {
          ...row,
          status: "missing",
          detail: "not installed",
          fix: aptInstall("runc"),
          package: "runc",
        }
      : {
          ...row,
          status: "warn",
          detail: "not installed (optional)",
          fix: `optional: ${aptInstall("crun")}`,
        };
  }
  const version = fact.version ?? "unknown version";
  const probe = fact.probe;
  if (probe.kind === "ok") {
    return {
      ...row,
      status: "ok",
      detail: `${version}; started a test container in ${probe.ms} ms`,
    };
  }
  if (probe.kind === "skipped") {
    const refuses =
      name === "crun" && facts.cgroup.kind === "hybrid"
        ? "; crun refuses hybrid cgroup layouts"
        : "";
    return {
      ...row,
      status: "warn",
      detail: `${version}; ${probe.reason}${refuses}`,
      fix: "run `sudo airlock doctor`",
    };
  }
  const otherWorks = facts.runtimes[other].probe.kind === "ok";
  const hybridRefusal = name === "crun" && facts.cgroup.kind === "hybrid";
  const fix = otherWorks
    ? `none needed: airlock uses ${other}${hybridRefusal ? " (crun needs a pure cgroup v1 or v2 layout: boot with systemd.unified_cgroup_hierarchy=1)" : ""}`
    : hybridRefusal
      ? `${aptInstall("runc")}, or boot with systemd.unified_cgroup_hierarchy=1 for a pure cgroup v2 layout`
      : `see the reason; try \`${name} --root /tmp/x run\` on a bundle by hand`;
  const reason = probe.kind === "timeout" ? `no answer within ${probe.ms} ms` : probe.reason;
  return { ...row, status: "warn", detail: `${version}; refuses this host: ${reason}`, fix };
}

function runtimeRow(facts: HostFacts): CheckRow {
  const row = {
    id: "runtime",
    label: "container runtime airlock uses",
    scope: "container",
  } as const;
  const choice = chooseRuntime({ facts });
  if (choice !== undefined) {
    const detail = `${[choice.name, choice.version].filter(Boolean).join(" ")} (${choice.reason})`;
    return choice.verified
      ? { ...row, status: "ok", detail }
      : { ...row, status: "warn", detail, fix: "run `sudo airlock doctor` to verify it" };
  }
  const runcMissing = facts.runtimes.runc.path === undefined;
  return runcMissing
    ? {
        ...row,
        status: "missing",
        detail: "no OCI runtime can start a container here",
        fix: aptInstall("runc"),
        package: "runc",
      }
    : {
        ...row,
        status: "missing",
        detail: "no OCI runtime can start a container here",
        fix: "see the runc and crun rows for why each refuses",
      };
}
