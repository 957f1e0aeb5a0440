import type { HostReport, RuntimeChoice, RuntimeName } from "./host-report.js";

/** runc first: the runtime every engine trusts and the one airlock's OCI specs are tested with. */
export const defaultRuntimePreference: readonly RuntimeName[] = ["runc", "crun"];

/**
 * Picks the OCI runtime airlock uses: the first in `prefer` that started a real test
 * container here. When the probes could not run (not root), it falls back to the first one
 * installed that is not known to refuse this host (crun refuses a hybrid cgroup layout),
 * marked unverified. Undefined when no runtime can be used.
 */
export function chooseRuntime(
  report: Pick<HostReport, "facts">,
  prefer: readonly RuntimeName[] = defaultRuntimePreference,
): RuntimeChoice | undefined {
  const { runtimes, cgroup } = report.facts;
  const others = (name: RuntimeName): string =>
    prefer
      .filter((other) => other !== name && runtimes[other].probe.kind === "failed")
      .map((other) => `; ${other} refuses this host`)
      .join("");
  for (const name of prefer) {
    const fact = runtimes[name];
    if (fact.path !== undefined && fact.probe.kind === "ok") {
      return {
        name,
        path: fact.path,
        ...(fact.version === undefined ? {} : { version: fact.version }),
        verified: true,
        reason: `started a test container${others(name)}`,
      };
    }
  }
  for (const name of prefer) {
    const fact = runtimes[name];
    const knownToRefuse = name === "crun" && cgroup.kind === "hybrid";
    if (fact.path !== undefined && fact.probe.kind === "skipped" && !knownToRefuse) {
      return {
        name,
        path: fact.path,
        ...(fact.version === undefined ? {} : { version: fact.version }),
        verified: false,
        reason: "installed; not verified without root",
      };
    }
  }
  return undefined;
}
