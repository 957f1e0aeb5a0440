import { describe, expect, it } from "vitest";
import { chooseRuntime } from "./choose-runtime.js";
import type { HostFacts, RuntimeFact } from "./host-report.js";
import { sampleFacts } from "./sample-facts.fixture.js";

const working: RuntimeFact = {
  path: "/usr/bin/crun",
  version: "1.14",
  probe: { kind: "ok", ms: 9 },
};
const notInstalled: RuntimeFact = { probe: { kind: "skipped", reason: "not installed" } };
const asUser = { kind: "skipped", reason: "not probed: needs root" } as const;

function withRuntimes(runtimes: Partial<HostFacts["runtimes"]>, more: Partial<HostFacts> = {}) {
  return { facts: { ...sampleFacts, ...more, runtimes: { ...sampleFacts.runtimes, ...runtimes } } };
}

describe("chooseRuntime", () => {
  it("picks runc when crun refuses the hybrid layout, and says so", () => {
    expect(chooseRuntime({ facts: sampleFacts })).toEqual({
      name: "runc",
      path: "/usr/sbin/runc",
      version: "1.1.5+ds1",
      verified: true,
      reason: "started a test container; crun refuses this host",
    });
  });

  it("prefers runc when both work, crun when asked to", () => {
    const report = withRuntimes({ crun: working });
    expect(chooseRuntime(report)?.name).toBe("runc");
    expect(chooseRuntime(report, ["crun", "runc"])?.name).toBe("crun");
  });

  it("falls back to crun when runc is missing and crun works", () => {
    const choice = chooseRuntime(withRuntimes({ runc: notInstalled, crun: working }));
    expect(choice).toMatchObject({ name: "crun", verified: true });
  });

  it("finds nothing when the only runtime refuses", () => {
    expect(chooseRuntime(withRuntimes({ runc: notInstalled }))).toBeUndefined();
  });

  it("without root, assumes an installed runtime works unless it is crun on a hybrid host", () => {
    const runcAsUser = { ...sampleFacts.runtimes.runc, probe: asUser };
    const crunAsUser = { ...sampleFacts.runtimes.crun, probe: asUser };
    expect(chooseRuntime(withRuntimes({ runc: runcAsUser, crun: crunAsUser }))).toMatchObject({
      name: "runc",
      verified: false,
    });
    expect(chooseRuntime(withRuntimes({ runc: notInstalled, crun: crunAsUser }))).toBeUndefined();
    const v2 = { cgroup: { ...sampleFacts.cgroup, kind: "v2" as const } };
    expect(chooseRuntime(withRuntimes({ runc: notInstalled, crun: crunAsUser }, v2))).toMatchObject(
      {
        name: "crun",
        verified: false,
      },
    );
  });
});
