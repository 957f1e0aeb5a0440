import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { auditConfigText } from "./audit-config-text.js";
import { formatAuditSarif } from "./format-audit-sarif.js";

const fixtures = new URL("../../test/fixtures/audit/", import.meta.url);

/** The vendored SARIF 2.1.0 schema is JSON Schema draft-04; Ajv 8 reads it once `id` is `$id`. */
function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(new URL("sarif-schema-2.1.0.json", fixtures), "utf8"),
  ) as Record<string, unknown>;
  const { id, ...rest } = schema;
  delete rest.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat("uri", (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value));
  ajv.addFormat("uri-reference", (value: string) => !/\s/.test(value));
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile({ ...rest, $id: String(id) });
}

describe("formatAuditSarif", () => {
  const text = readFileSync(
    new URL("corpus/01-dind-privileged-docker-sock.toml", fixtures),
    "utf8",
  );
  const audit = auditConfigText("gitlab-runner", text, "etc/gitlab-runner/config.toml", {
    mode: 0o644,
  });
  const log = formatAuditSarif([audit], "0.1.0");

  it("validates against the SARIF 2.1.0 schema", () => {
    const validate = sarifValidator();
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("rejects what the schema rejects (the validator is live)", () => {
    const validate = sarifValidator();
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false);
  });

  it("puts each finding at its file and line, with the rule's level", () => {
    const results = (
      log as { runs: { results: { ruleId: string; level: string; locations: unknown[] }[] }[] }
    ).runs[0]?.results;
    const privileged = results?.find((result) => result.ruleId === "GLR001");
    expect(privileged?.level).toBe("error");
    expect(JSON.stringify(privileged?.locations)).toContain('"startLine":24');
    expect(JSON.stringify(log)).not.toContain("Zx8kQm2vLp9RtYw4NcBd");
  });
});
