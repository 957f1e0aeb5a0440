import { describe, expect, it } from "vitest";
import { formatTable } from "./format-table.js";
import type { CheckRow } from "./host-report.js";

const rows: CheckRow[] = [
  { id: "root", label: "running as root", status: "ok", detail: "euid 0", scope: "container" },
  {
    id: "kvm",
    label: "KVM boots a guest",
    status: "missing",
    detail: "KVM present but the guest did not boot within 10s (nested KVM?)",
    fix: "enable nested virtualisation",
    scope: "microvm",
  },
  { id: "crun", label: "crun", status: "warn", detail: "1.8.1", fix: "none needed", scope: "info" },
];

describe("formatTable", () => {
  it("aligns the columns and puts each fix under the detail column", () => {
    expect(formatTable(rows, { color: false })).toBe(
      [
        "STATUS   ID    CHECK              DETAIL",
        "ok       root  running as root    euid 0",
        "missing  kvm   KVM boots a guest  KVM present but the guest did not boot within 10s (nested KVM?)",
        "                                  fix: enable nested virtualisation",
        "warn     crun  crun               1.8.1",
        "                                  fix: none needed",
        "",
      ].join("\n"),
    );
  });

  it("colours status words only when asked, without breaking the alignment", () => {
    const plain = formatTable(rows, { color: false });
    const coloured = formatTable(rows, { color: true });
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[31mmissing\u001b[0m");
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });
});
