import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { auditConfigText } from "./audit-config-text.js";
import { detectConfigKind } from "./detect-config-kind.js";
import { severityAtLeast } from "./severity.js";

const directory = new URL("../../test/fixtures/audit/corpus/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", directory), "utf8")) as Readonly<
  Record<string, readonly string[]>
>;
const files = readdirSync(directory)
  .filter((name) => name !== "expected.json")
  .sort();
const hardened = [
  "02-hardened-docker.toml",
  "12-daemon-hardened.daemon.json",
  "14-ci-builder-hardened.nspawn",
  "16-act-runner-hardened.config.yml",
];

function audit(name: string) {
  const text = readFileSync(new URL(name, directory), "utf8");
  const kind = detectConfigKind(name, text);
  if (kind === undefined) throw new Error(`cannot detect the kind of ${name}`);
  return { text, audit: auditConfigText(kind, text, name, { mode: 0o600 }) };
}

describe("the audit corpus", () => {
  it("holds at least 15 configurations of every kind, each with expected findings", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(expected).sort()).toEqual(files);
    const kinds = new Set(files.map((name) => audit(name).audit.kind));
    expect([...kinds].sort()).toEqual(["act-runner", "docker-daemon", "gitlab-runner", "nspawn"]);
  });

  for (const name of files) {
    it(`${name} yields exactly its expected findings`, () => {
      const found = audit(name).audit.findings.map(
        (finding) => `${finding.ruleId}:${finding.line}`,
      );
      expect(found.sort()).toEqual(expected[name]);
    });

    it(`${name}: no finding prints a secret in full`, () => {
      const { text, audit: result } = audit(name);
      const secrets = [
        ...text.matchAll(
          /(glrt-[A-Za-z0-9_-]{8,}|GR1348941[A-Za-z0-9_-]{6,}|password = "([^"]+)")/g,
        ),
      ].map((match) => match[2] ?? match[1] ?? "");
      const printed = JSON.stringify(result);
      for (const secret of secrets) expect(printed).not.toContain(secret);
    });
  }

  for (const name of hardened) {
    it(`the hardened ${name} yields no high or critical finding`, () => {
      const serious = audit(name).audit.findings.filter((finding) =>
        severityAtLeast(finding.severity, "high"),
      );
      expect(serious).toEqual([]);
    });
  }
});
