import { describe, expect, it } from "vitest";
import { assessReadiness } from "./assess-readiness.js";
import { buildChecks } from "./build-checks.js";
import type { HostFacts } from "./host-report.js";
import { sampleFacts } from "./sample-facts.fixture.js";

const assess = (facts: HostFacts) => assessReadiness({ facts, checks: buildChecks(facts) });

describe("assessReadiness", () => {
  it("is ready for containers and KVM microVMs on the reference host", () => {
    expect(assess(sampleFacts)).toMatchObject({ container: true, microvm: "kvm", blocking: [] });
    expect(assess(sampleFacts).runtime?.name).toBe("runc");
  });

  it("follows the microVM backend's own KVM decision once a guest was built here", () => {
    const refused = { ...sampleFacts, microvmAccel: { kvm: false, why: "the guest hangs" } };
    expect(assess(refused)).toMatchObject({ microvm: "tcg-only" });
    const booted = { ...sampleFacts, microvmAccel: { kvm: true, why: "booted in 400 ms" } };
    expect(assess(booted)).toMatchObject({ microvm: "kvm" });
  });

  it("treats a hanging KVM as TCG-only, without failing the container backend", () => {
    const hang: HostFacts = { ...sampleFacts, kvmBoot: { kind: "timeout", ms: 10_000 } };
    expect(assess(hang)).toMatchObject({ container: true, microvm: "tcg-only" });
    expect(assess({ ...sampleFacts, qemu: {} })).toMatchObject({
      container: true,
      microvm: "unavailable",
    });
  });

  it("is not ready without root, a working runtime or gcc, and names what blocks it", () => {
    const facts: HostFacts = {
      ...sampleFacts,
      euid: 1000,
      gcc: {},
      runtimes: {
        ...sampleFacts.runtimes,
        runc: { probe: { kind: "skipped", reason: "not installed" } },
      },
    };
    expect(assess(facts)).toMatchObject({ container: false, blocking: ["root", "runtime", "gcc"] });
  });

  it("does not block on informative warnings", () => {
    const facts: HostFacts = {
      ...sampleFacts,
      osId: "fedora",
      cgroup: { ...sampleFacts.cgroup, swapAccounting: false },
    };
    expect(assess(facts).container).toBe(true);
  });
});
