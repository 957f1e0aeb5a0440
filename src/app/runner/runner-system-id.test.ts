import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runnerSystemId } from "./runner-system-id.js";

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("runnerSystemId", () => {
  it("makes an s_ + 12 hex id once, mode 0600, and keeps it", async () => {
    dir = mkdtempSync(join(tmpdir(), "airlock-system-id-"));
    const state = join(dir, "state");
    const id = await runnerSystemId(state);
    expect(id).toMatch(/^s_[0-9a-f]{12}$/);
    expect(await runnerSystemId(state)).toBe(id);
    const file = join(state, ".runner_system_id");
    expect(readFileSync(file, "utf8")).toBe(`${id}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("refuses a file that does not hold an id, naming it", async () => {
    dir = mkdtempSync(join(tmpdir(), "airlock-system-id-"));
    writeFileSync(join(dir, ".runner_system_id"), "garbage\n");
    await expect(runnerSystemId(dir)).rejects.toMatchObject({ code: "AIRLOCK_E_RUNNER_CONFIG" });
    await expect(runnerSystemId(dir)).rejects.toThrow(
      `${dir}/.runner_system_id does not hold a system id`,
    );
  });
});
