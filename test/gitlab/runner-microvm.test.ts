/**
 * The runner's one code path on the microVM backend (`[runners.airlock] backend =
 * "microvm"`): a job with sources, a masked secret, an artifact and after_script.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { missingMicrovmFeature, reportSkip } from "../support/host-features.js";
import { finished, scratchDir, startRunner, waitFor } from "./runner-fixture.js";

const skip = missingMicrovmFeature();
reportSkip("airlock runner on microvm", skip);
const scratch = scratchDir();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(skip !== undefined)("airlock runner (microvm backend)", () => {
  it("runs a job in a microVM like in a container", async () => {
    const running = await startRunner(scratch, { backend: "microvm" });
    const { fake } = running;
    try {
      const job = fake.addJob({
        sha: running.sha,
        variables: [{ key: "SECRET", value: "vm-secret-value-7", masked: true }],
        script: ['echo "secret $SECRET"', "cat hello.txt", "echo made > made.txt"],
        afterScript: ["echo after-in-vm"],
        artifacts: [{ paths: ["made.txt"], artifact_type: "archive" }],
      });
      await waitFor("the job", () => finished(job), 600_000);
      const log = fake.traceOf(job.id);
      expect(job.status, log).toBe("success");
      expect(log).toContain("Using the microvm backend");
      expect(log).toContain("secret [MASKED]");
      expect(log).toContain("hello from the repository");
      expect(log).toContain("after-in-vm");
      expect(job.artifacts).toHaveLength(1);
    } finally {
      await running.stop();
    }
  });
});
