/**
 * `airlock runner` uploads every `artifacts[]` entry of a job on its own, as gitlab-runner
 * does: the archive as a zip, reports in their formats (one gzip stream of several files,
 * one raw file), each with its type, format and expire_in, each by its own `when`; a raw
 * report of two files and a 413 fail the job with the reason in its log. Real container
 * sandboxes against the fake GitLab.
 */
import { rmSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readZip } from "../../src/gitlab/zip-archive.js";
import type { FakeJob } from "../fakes/fake-gitlab/fake-state.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { finished, scratchDir, startRunner, waitFor } from "./runner-fixture.js";

const skip = missingRootFeature();
reportSkip("airlock runner reports", skip);
const scratch = scratchDir();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const uploaded = (job: FakeJob): string[][] =>
  job.artifacts.map((a) => [a.artifactType, a.artifactFormat, a.filename, a.expireIn ?? "-"]);

describe.skipIf(skip !== undefined)("airlock runner reports", () => {
  it("uploads each entry in its format, by its own when, and fails on what GitLab Runner fails on", async () => {
    const running = await startRunner(scratch);
    const { fake } = running;
    try {
      const reports = fake.addJob({
        name: "reports",
        sha: running.sha,
        script: [
          "mkdir -p dist reports",
          "echo built > dist/app.txt && echo debug > dist/app.map",
          "echo '<testsuite name=\"one\"/>' > reports/one.xml",
          "echo '<testsuite name=\"two\"/>' > reports/two.xml",
          "echo VERSION=1.2.3 > build.env",
        ],
        artifacts: [
          {
            name: "dist-$CI_JOB_ID",
            paths: ["dist/"],
            exclude: ["dist/*.map"],
            when: "on_success",
            expire_in: "2 days",
            artifact_type: "archive",
            artifact_format: "zip",
          },
          {
            name: "junit.xml.gz",
            paths: ["reports/*.xml"],
            when: "always",
            expire_in: "2 days",
            artifact_type: "junit",
            artifact_format: "gzip",
          },
          {
            name: ".env.gz",
            paths: ["build.env"],
            when: "always",
            artifact_type: "dotenv",
            artifact_format: "gzip",
          },
          {
            name: "gl-code-quality-report.json",
            paths: ["missing.json"],
            when: "always",
            artifact_type: "codequality",
            artifact_format: "raw",
          },
        ],
      });
      const onFailure = (name: string, exit: number): FakeJob =>
        fake.addJob({
          name,
          sha: running.sha,
          script: ["echo failure-log > debug.log", `exit ${exit}`],
          artifacts: [
            {
              paths: ["debug.log"],
              when: "on_failure",
              artifact_type: "archive",
              artifact_format: "zip",
            },
          ],
        });
      const failing = onFailure("failing", 3);
      const passing = onFailure("passing", 0);
      await waitFor("the three jobs", () => [reports, failing, passing].every(finished));

      const log = fake.traceOf(reports.id);
      expect(reports.status, log).toBe("success");
      expect(uploaded(reports)).toEqual([
        ["archive", "zip", `dist-${reports.id}.zip`, "2 days"],
        ["junit", "gzip", "junit.xml.gz.gz", "2 days"],
        ["dotenv", "gzip", ".env.gz.gz", "-"],
      ]);
      const [archive, junit, dotenv] = reports.artifacts;
      expect(readZip(archive?.content ?? Buffer.alloc(0), 1 << 20).map((e) => e.path)).toEqual([
        "dist/",
        "dist/app.txt",
      ]);
      expect(gunzipSync(junit?.content ?? Buffer.alloc(0)).toString()).toBe(
        '<testsuite name="one"/>\n<testsuite name="two"/>\n',
      );
      expect(gunzipSync(dotenv?.content ?? Buffer.alloc(0)).toString()).toBe("VERSION=1.2.3\n");
      expect(log).toContain("reports/*.xml: found 2 matching artifact files and directories");
      expect(log).toContain("WARNING: missing.json: no matching files.");
      expect(log).toContain('Uploading artifacts as "junit" to coordinator... 201 Created');

      expect(failing.status, fake.traceOf(failing.id)).toBe("failed");
      expect(uploaded(failing)).toEqual([["archive", "zip", "artifacts.zip", "-"]]);
      expect(fake.traceOf(failing.id)).toContain("Uploading artifacts for failed job");
      expect(passing.status, fake.traceOf(passing.id)).toBe("success");
      expect(uploaded(passing)).toEqual([]);

      const raw = fake.addJob({
        name: "raw",
        sha: running.sha,
        script: ["echo '{}' > a.json", "echo '{}' > b.json"],
        artifacts: [
          {
            name: "gl-sast-report.json",
            paths: ["*.json"],
            when: "always",
            artifact_type: "sast",
            artifact_format: "raw",
          },
        ],
      });
      await waitFor("the raw job", () => finished(raw));
      const rawLog = fake.traceOf(raw.id);
      expect(raw.status, rawLog).toBe("failed");
      expect(raw.updates.at(-1)?.failureReason).toBe("script_failure");
      expect(rawLog).toContain(
        "ERROR: Uploading artifacts failed: only one file can be sent as raw, and the paths of artifacts:reports:sast matched 2: a.json, b.json",
      );
      expect(raw.artifacts).toEqual([]);
      expect(rawLog).toContain("ERROR: Job failed: uploading artifacts failed");

      fake.injectFault("upload", {
        status: 413,
        body: '{"message":"413 Request Entity Too Large"}',
      });
      const large = fake.addJob({
        name: "large",
        sha: running.sha,
        script: ["echo big > big.bin"],
        artifacts: [{ paths: ["big.bin"], artifact_type: "archive", artifact_format: "zip" }],
      });
      await waitFor("the large job", () => finished(large));
      const largeLog = fake.traceOf(large.id);
      expect(large.status, largeLog).toBe("failed");
      expect(largeLog).toContain(
        'ERROR: Uploading artifacts as "archive" to coordinator... too large archive',
      );
    } finally {
      await running.stop();
    }
  });
});
