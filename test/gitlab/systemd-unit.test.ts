/**
 * packaging/airlock-runner.service passes `systemd-analyze verify` (systemd 252+), as
 * installed by docs/runner.md ("Run as a service"). The unit names /usr/bin/airlock, which
 * a test host may not have: the check runs on a copy naming a stand-in executable, and on
 * the unit itself when /usr/bin/airlock exists.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { reportSkip } from "../support/host-features.js";

const unitPath = new URL("../../packaging/airlock-runner.service", import.meta.url).pathname;
const analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => existsSync(p));
const skip = analyze === undefined ? "needs systemd-analyze (Debian's systemd)" : undefined;
reportSkip("systemd unit", skip);
const scratch = mkdtempSync(join(tmpdir(), "airlock-unit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** systemd-analyze verify's findings for `unit` ("" when there are none) and exit code. */
function verify(unit: string): { readonly status: number | null; readonly output: string } {
  const result = spawnSync(analyze ?? "systemd-analyze", ["verify", unit], {
    encoding: "utf8",
    env: { ...process.env, SYSTEMD_LOG_COLOR: "0" },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe.skipIf(skip !== undefined)("packaging/airlock-runner.service", () => {
  const unit = readFileSync(unitPath, "utf8");

  it("runs airlock runner from where the install steps put it, as root, restarted", () => {
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/airlock runner /m);
    expect(unit).not.toMatch(/^User=/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
  });

  /** The unit as `name`, running a stand-in for /usr/bin/airlock. */
  const copyOf = (name: string, text: string): string => {
    const standIn = join(scratch, "airlock");
    writeFileSync(standIn, "#!/bin/sh\nexit 0\n");
    chmodSync(standIn, 0o755);
    const copy = join(scratch, name);
    writeFileSync(copy, text.replace("ExecStart=/usr/bin/airlock ", `ExecStart=${standIn} `));
    return copy;
  };

  it("passes systemd-analyze verify", () => {
    expect(verify(copyOf("airlock-runner.service", unit))).toEqual({ status: 0, output: "" });
    if (existsSync("/usr/bin/airlock")) expect(verify(unitPath)).toEqual({ status: 0, output: "" });
  });

  it("reports a broken unit (the check can fail)", () => {
    const broken = copyOf("broken.service", unit.replace("[Service]", "[Service]\nKillMode=x"));
    expect(verify(broken).output).toContain("Failed to parse kill mode specification");
  });
});
