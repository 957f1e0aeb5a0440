import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { auditConfigText } from "./audit-config-text.js";
import { auditRules } from "./audit-rules.js";
import { detectConfigKind } from "./detect-config-kind.js";

const directory = new URL("../../test/fixtures/audit/rules/", import.meta.url);
const fixtures = readdirSync(directory);

/** Audits a rule fixture; `# mode: 0644` on its first line stands for the file's permissions. */
function auditFixture(name: string): readonly string[] {
  const text = readFileSync(new URL(name, directory), "utf8");
  const kind = detectConfigKind(name, text);
  if (kind === undefined) throw new Error(`cannot detect the kind of ${name}`);
  const mode = /^# mode: (0[0-7]+)/.exec(text)?.[1];
  const audit = auditConfigText(kind, text, name, {
    mode: mode === undefined ? 0o600 : parseInt(mode, 8),
  });
  return audit.findings.map((finding) => finding.ruleId);
}

describe("every audit rule", () => {
  it("has a unique id and name within its kind", () => {
    expect(new Set(auditRules.map((rule) => rule.id)).size).toBe(auditRules.length);
    expect(new Set(auditRules.map((rule) => `${rule.kind}/${rule.name}`)).size).toBe(
      auditRules.length,
    );
  });

  for (const rule of auditRules) {
    describe(`${rule.id} ${rule.name}`, () => {
      const trigger = fixtures.find((name) => name.startsWith(`${rule.id}.trigger.`));
      const clean = fixtures.find((name) => name.startsWith(`${rule.id}.clean.`));

      it("has a triggering and a clean fixture", () => {
        expect(trigger).toBeDefined();
        expect(clean).toBeDefined();
      });

      it("fires on its triggering fixture", () => {
        expect(auditFixture(trigger ?? "")).toContain(rule.id);
      });

      it("stays quiet on its clean fixture", () => {
        expect(auditFixture(clean ?? "")).not.toContain(rule.id);
      });

      it("says why and how to fix it in full sentences", () => {
        expect(rule.why.length).toBeGreaterThan(40);
        expect(rule.fix.length).toBeGreaterThan(10);
      });
    });
  }
});

describe("docs/audit.md", () => {
  it("lists every rule with its severity", () => {
    const doc = readFileSync(new URL("../../docs/audit.md", import.meta.url), "utf8");
    for (const rule of auditRules) expect(doc).toContain(`| ${rule.id} | ${rule.severity} |`);
  });
});
