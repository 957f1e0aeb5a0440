import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "./run-audit.js";
import { defaultAuditPaths } from "./default-audit-paths.js";

describe("runAudit", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "airlock-audit-"));
    await writeFile(
      join(dir, "config.toml"),
      '[[runners]]\n  token = "glrt-t1_AaBbCcDdEeFfGg"\n  executor = "shell"\n',
    );
    await chmod(join(dir, "config.toml"), 0o644);
    await writeFile(join(dir, "daemon.json"), '{ "icc": false,, }');
    await mkdir(join(dir, "nspawn"));
    await writeFile(join(dir, "nspawn", "ci.nspawn"), "[Exec]\nPrivateUsers=no\n");
    await writeFile(join(dir, "nspawn", "README"), "not a config");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("detects each file's kind, reads its mode, and keeps going past a broken file", async () => {
    const run = await runAudit([
      join(dir, "config.toml"),
      join(dir, "daemon.json"),
      join(dir, "nspawn"),
    ]);
    expect(run.audits.map((audit) => [audit.kind, audit.file.slice(dir.length)])).toEqual([
      ["gitlab-runner", "/config.toml"],
      ["nspawn", "/nspawn/ci.nspawn"],
    ]);
    expect(run.audits[0]?.findings.map((finding) => finding.ruleId)).toContain("GLR026");
    expect(run.errors.map((error) => error.code)).toEqual(["AIRLOCK_E_AUDIT_PARSE"]);
    expect(run.errors[0]?.message).toMatch(/daemon\.json:1:\d+: not valid JSON/);
  });

  it("reports a named path that does not exist", async () => {
    const run = await runAudit([join(dir, "missing.toml"), join(dir, "config.toml")]);
    expect(run.errors.map((error) => error.message)).toEqual([
      `${join(dir, "missing.toml")}: no such file or directory`,
    ]);
  });

  it("honours a forced kind", async () => {
    const run = await runAudit([join(dir, "nspawn", "ci.nspawn")], { kind: "nspawn" });
    expect(run.audits[0]?.findings.map((finding) => finding.ruleId)).toContain("NSP001");
  });
});

describe("defaultAuditPaths", () => {
  it("lists the usual places, the user's own runner config included", () => {
    expect(defaultAuditPaths("/home/ci")).toContain("/home/ci/.gitlab-runner/config.toml");
    expect(defaultAuditPaths(undefined)).toContain("/etc/systemd/nspawn");
  });
});
