import { describe, expect, it } from "vitest";
import { moduleLoadOrder } from "./module-load-order.js";

const deps: Record<string, string[]> = {
  virtio: [],
  virtio_ring: [],
  virtio_pci_modern_dev: [],
  virtio_pci_legacy_dev: [],
  virtio_pci: ["virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio", "virtio_ring"],
  virtio_mmio: ["virtio", "virtio_ring"],
  virtio_net: ["net_failover", "virtio", "virtio_ring"],
  net_failover: ["failover"],
  failover: [],
  virtio_rng: ["virtio", "virtio_ring"],
};
const dependsOf = (n: string): string[] | undefined => deps[n];

describe("moduleLoadOrder", () => {
  it("puts every dependency before its user, each once", () => {
    const plan = moduleLoadOrder(["virtio_pci", "virtio_net", "virtio_mmio"], dependsOf, new Set());
    expect(plan.load).toEqual([
      "virtio_pci_legacy_dev",
      "virtio_pci_modern_dev",
      "virtio",
      "virtio_ring",
      "virtio_pci",
      "failover",
      "net_failover",
      "virtio_net",
      "virtio_mmio",
    ]);
    expect(plan.builtin).toEqual([]);
  });

  it("skips built-in modules and reports them", () => {
    const plan = moduleLoadOrder(["virtio-rng"], dependsOf, new Set(["virtio", "virtio_ring"]));
    expect(plan.load).toEqual(["virtio_rng"]);
    expect(plan.builtin).toEqual(["virtio", "virtio_ring"]);
  });

  it("names a missing module and who needs it", () => {
    expect(() =>
      moduleLoadOrder(["virtio_net"], (n) => (n === "failover" ? undefined : deps[n]), new Set()),
    ).toThrow(/failover is neither built in nor shipped \(needed by virtio_net -> net_failover\)/);
  });

  it("rejects a cycle", () => {
    const cyclic: Record<string, string[]> = { a: ["b"], b: ["a"] };
    expect(() => moduleLoadOrder(["a"], (n) => cyclic[n], new Set())).toThrow(/cycle: a -> b -> a/);
  });
});
