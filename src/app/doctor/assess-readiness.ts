import { chooseRuntime } from "./choose-runtime.js";
import type { CheckId, HostReport, RuntimeChoice } from "./host-report.js";

export interface Readiness {
  /** Every check the container backend needs is ok (or only a warning). Decides exit code. */
  readonly container: boolean;
  /** What the optional microVM backend can use here. */
  readonly microvm: "kvm" | "tcg-only" | "unavailable";
  readonly runtime: RuntimeChoice | undefined;
  /** The container checks that are missing. */
  readonly blocking: readonly CheckId[];
}

/** Sums up a report: can airlock run container sandboxes here, and microVMs? */
export function assessReadiness(report: HostReport): Readiness {
  const blocking = report.checks
    .filter((row) => row.scope === "container" && row.status === "missing")
    .map((row) => row.id);
  const status = (id: CheckId): string | undefined =>
    report.checks.find((row) => row.id === id)?.status;
  const qemu = status("qemu") === "ok";
  // The backend's own decision (the real guest under KVM) outranks the small test guest.
  const decided = report.facts.microvmAccel;
  const kvm = decided === undefined ? status("kvm") === "ok" : decided.kvm;
  const microvm =
    qemu && kvm ? "kvm" : qemu && status("qemu-tcg") === "ok" ? "tcg-only" : "unavailable";
  return { container: blocking.length === 0, microvm, runtime: chooseRuntime(report), blocking };
}
