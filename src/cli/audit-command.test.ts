import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isAirlockError } from "../core/airlock-error.js";
import { registerAudit } from "./audit-command.js";

const corpus = new URL("../../test/fixtures/audit/corpus/", import.meta.url).pathname;

async function audit(...args: string[]): Promise<{ out: string; code: string | undefined }> {
  const program = new Command("airlock").exitOverride();
  registerAudit(program);
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await program.parseAsync(["node", "airlock", "audit", ...args]);
    return { out, code: undefined };
  } catch (error: unknown) {
    if (isAirlockError(error)) return { out, code: error.code };
    throw error;
  }
}

describe("airlock audit", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("prints the report and fails at the --fail-on severity", async () => {
    const result = await audit(
      `${corpus}01-dind-privileged-docker-sock.toml`,
      "--fail-on",
      "critical",
    );
    expect(result.out).toContain(
      "GLR003  the host's container runtime socket is mounted into jobs",
    );
    expect(result.code).toBe("AIRLOCK_E_AUDIT_FINDINGS");
  });

  it("passes --fail-on when nothing reaches it", async () => {
    const result = await audit(`${corpus}12-daemon-hardened.daemon.json`, "--fail-on", "low");
    expect(result.code).toBeUndefined();
    expect(result.out).toContain("no findings in 1 file");
  });

  it("prints JSON and SARIF", async () => {
    const json = JSON.parse((await audit(`${corpus}13-ci-builder-lax.nspawn`, "--json")).out) as {
      summary: { high: number };
    };
    expect(json.summary.high).toBe(3);
    const sarif = JSON.parse((await audit(`${corpus}13-ci-builder-lax.nspawn`, "--sarif")).out) as {
      version: string;
    };
    expect(sarif.version).toBe("2.1.0");
    expect((await audit(`${corpus}13-ci-builder-lax.nspawn`, "--json", "--sarif")).code).toBe(
      "AIRLOCK_E_USAGE",
    );
  });
});
