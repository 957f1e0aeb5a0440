import { describe, expect, it } from "vitest";
import { fixPackages } from "./fix-packages.js";
import type { CheckRow } from "./host-report.js";

const base = { label: "x", detail: "y", scope: "container" } as const;

describe("fixPackages", () => {
  it("collects each package once, from rows that are not ok, sorted", () => {
    const rows: CheckRow[] = [
      { ...base, id: "runc", status: "missing", package: "runc" },
      { ...base, id: "runtime", status: "missing", package: "runc" },
      { ...base, id: "qemu", status: "missing", package: "qemu-system-x86", scope: "microvm" },
      { ...base, id: "gcc", status: "ok", package: "gcc" },
      { ...base, id: "kvm", status: "missing", fix: "enable nested virtualisation" },
      { ...base, id: "libc-static", status: "missing", package: "libc6-dev" },
    ];
    expect(fixPackages(rows)).toEqual(["libc6-dev", "qemu-system-x86", "runc"]);
  });

  it("is empty when nothing a package fixes is missing", () => {
    expect(fixPackages([{ ...base, id: "root", status: "missing", fix: "sudo" }])).toEqual([]);
  });
});
