import { describe, expect, it } from "vitest";
import { auditConfigText } from "./audit-config-text.js";
import { formatAuditHuman, wrap } from "./format-audit-human.js";

const text = [
  "[[runners]]",
  '  name = "dind"',
  '  token = "glrt-t1_SecretSecretSecret99"',
  '  executor = "docker"',
  "  [runners.docker]",
  "    privileged = true",
  '    volumes = ["/var/run/docker.sock:/var/run/docker.sock"]',
  '    allowed_pull_policies = ["always"]',
  "",
].join("\n");

describe("formatAuditHuman", () => {
  const audit = auditConfigText("gitlab-runner", text, "/etc/gitlab-runner/config.toml", {
    mode: 0o644,
  });

  it("groups by file and severity and says where, what, why, the fix and airlock's answer", () => {
    const out = formatAuditHuman([audit], { colour: false, width: 100 });
    expect(out).toContain(
      "/etc/gitlab-runner/config.toml  (gitlab-runner config.toml: 2 critical, 2 high)",
    );
    expect(out.indexOf("CRITICAL")).toBeLessThan(out.indexOf("HIGH"));
    expect(out).toContain("at:      /etc/gitlab-runner/config.toml:6");
    expect(out).toContain("found:   privileged = true");
    expect(out).toContain("fix:     Set `privileged = false`.");
    expect(out.replace(/\s+/g, " ")).toContain(
      "privileged Docker-in-Docker stays inside the job's VM",
    );
    expect(out).not.toContain("SecretSecretSecret99");
    expect(out.trimEnd().split("\n").at(-1)).toBe("2 critical, 2 high in 1 file");
    expect(out).not.toContain("\u001b[");
  });

  it("colours severities on a terminal", () => {
    expect(formatAuditHuman([audit], { colour: true })).toContain("\u001b[1;35mCRITICAL");
  });
});

describe("wrap", () => {
  it("wraps at the width with a hanging indent", () => {
    expect(wrap("why: aaa bbb ccc", 12, 2, 7)).toEqual(["  why: aaa", "       bbb", "       ccc"]);
  });
});
