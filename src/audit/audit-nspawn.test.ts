import { describe, expect, it } from "vitest";
import { auditConfigText } from "./audit-config-text.js";

const ids = (text: string): readonly string[] =>
  auditConfigText("nspawn", text, "ci.nspawn").findings.map((finding) => finding.ruleId);

describe("auditNspawn", () => {
  it("takes a volatile or ephemeral root as not persistent", () => {
    for (const files of [
      "[Files]\nVolatile=state",
      "[Files]\nVolatile=overlay",
      "[Exec]\nEphemeral=yes",
    ]) {
      expect(ids(files)).not.toContain("NSP005");
    }
    expect(ids("[Files]\nReadOnly=no")).toContain("NSP005");
  });

  it("uses the last of repeated settings, as systemd does", () => {
    expect(ids("[Exec]\nPrivateUsers=pick\nPrivateUsers=no")).toContain("NSP001");
    expect(ids("[Exec]\nPrivateUsers=no\nPrivateUsers=pick")).not.toContain("NSP001");
  });

  it("reports unknown sections and keys", () => {
    const findings = auditConfigText(
      "nspawn",
      "[Exec]\nPrivateUser=no\n[Service]\nX=1\n",
      "ci.nspawn",
    ).findings;
    const unknown = findings
      .filter((finding) => finding.ruleId === "AUD000")
      .map((f) => [f.line, f.evidence]);
    expect(unknown).toEqual(
      [
        [3, "[Service] (not a systemd.nspawn section)"],
        [2, "PrivateUser (not a known Exec key)"],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
  });
});
