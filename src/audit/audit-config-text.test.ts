import { describe, expect, it } from "vitest";
import { isAirlockError } from "../core/airlock-error.js";
import { auditConfigText } from "./audit-config-text.js";

function parseError(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error: unknown) {
    if (isAirlockError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a parse error");
}

describe("auditConfigText on malformed input", () => {
  it("reports a TOML error with line and column", () => {
    const error = parseError(() =>
      auditConfigText("gitlab-runner", 'concurrent = 1\n[[runners]\nname = "x"\n', "config.toml"),
    );
    expect(error.code).toBe("AIRLOCK_E_AUDIT_PARSE");
    expect(error.message).toMatch(/^config\.toml:2:\d+: not valid TOML: /);
  });

  it("reports a JSON error with line and column", () => {
    const error = parseError(() =>
      auditConfigText(
        "docker-daemon",
        '{\n  "icc": false,\n  "userns-remap": default\n}\n',
        "daemon.json",
      ),
    );
    expect(error.code).toBe("AIRLOCK_E_AUDIT_PARSE");
    expect(error.message).toMatch(/^daemon\.json:3:\d+: not valid JSON: /);
  });

  it("reports a YAML error with line and column", () => {
    const error = parseError(() =>
      auditConfigText(
        "act-runner",
        "runner:\n  labels: [a, b\ncontainer:\n  privileged: true\n",
        "config.yaml",
      ),
    );
    expect(error.code).toBe("AIRLOCK_E_AUDIT_PARSE");
    expect(error.message).toMatch(/^config\.yaml:\d+:\d+: not valid YAML: /);
  });

  it("reports a malformed .nspawn line", () => {
    const error = parseError(() => auditConfigText("nspawn", "[Exec]\nBoot yes\n", "ci.nspawn"));
    expect(error.message).toMatch(/^ci\.nspawn:2:1: not valid systemd-nspawn file: /);
  });

  it("never crashes on values of the wrong type", () => {
    const text = ["listen_address = 9252", "runners = [1, 'two']"].join("\n");
    expect(auditConfigText("gitlab-runner", text, "config.toml").findings).toEqual([]);
    const odd =
      '[[runners]]\nexecutor = 3\n[runners.docker]\nvolumes = "/var/run/docker.sock:/x"\nprivileged = "yes"\n';
    const ids = auditConfigText("gitlab-runner", odd, "config.toml").findings.map((f) => f.ruleId);
    expect(ids).toContain("GLR003");
    expect(ids).not.toContain("GLR001");
    expect(auditConfigText("docker-daemon", "[]", "daemon.json").kind).toBe("docker-daemon");
    expect(auditConfigText("act-runner", "", "config.yaml").findings).toEqual([]);
  });
});

describe("auditConfigText evidence", () => {
  it("points at the line of each offending array element", () => {
    const text = [
      "[[runners]]",
      '  name = "a"',
      '  executor = "docker"',
      "  [runners.docker]",
      "    volumes = [",
      '      "/cache",',
      '      "/var/run/docker.sock:/var/run/docker.sock",',
      "    ]",
      '    allowed_pull_policies = ["always"]',
      "",
    ].join("\n");
    const [finding] = auditConfigText("gitlab-runner", text, "config.toml").findings;
    expect(finding?.ruleId).toBe("GLR003");
    expect(finding?.line).toBe(7);
    expect(finding?.location).toBe('[[runners]] #1 "a" > docker.volumes');
  });

  it("shortens runner tokens in the file-permission finding", () => {
    const text = '[[runners]]\n  token = "glrt-t1_AbCdEfGhIjKlMnOp"\n  executor = "shell"\n';
    const finding = auditConfigText("gitlab-runner", text, "config.toml", {
      mode: 0o644,
    }).findings.find((f) => f.ruleId === "GLR026");
    expect(finding?.evidence).toContain("glrt-t1…");
    expect(finding?.evidence).not.toContain("AbCdEfGhIjKlMnOp");
  });

  it("sorts the most severe first", () => {
    const text =
      '[[runners]]\nexecutor = "shell"\n[[runners]]\nexecutor = "docker"\n[runners.docker]\nprivileged = true\n';
    const severities = auditConfigText("gitlab-runner", text, "c.toml").findings.map(
      (f) => f.severity,
    );
    expect(severities[0]).toBe("critical");
  });
});
