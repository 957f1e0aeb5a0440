import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readZip } from "../../gitlab/zip-archive.js";
import type { JobReport } from "../../job/job-spec.js";
import type { CollectedFile } from "./collected-files.host.js";
import { reportUpload } from "./report-upload.js";

const report = (over: Partial<JobReport>): JobReport => ({
  type: "junit",
  format: "gzip",
  paths: ["*.xml"],
  exclude: [],
  untracked: false,
  when: "always",
  hostDir: "/unused",
  name: "junit.xml.gz",
  expireIn: "1 week",
  ...over,
});
const file = (path: string, text: string): CollectedFile => ({
  path,
  data: Buffer.from(text),
  mode: 0o644,
  mtimeMs: 0,
});

describe("reportUpload", () => {
  it("gzips several files into one stream named as gitlab-runner names it", () => {
    const made = reportUpload(report({}), [file("a.xml", "<a/>"), file("sub/b.xml", "<b/>")]);
    if (made.kind !== "upload") throw new Error(made.kind);
    expect(made.upload).toMatchObject({
      type: "junit",
      format: "gzip",
      filename: "junit.xml.gz.gz",
      expireIn: "1 week",
    });
    expect(gunzipSync(made.upload.content).toString()).toBe("<a/><b/>");
  });

  it("sends one raw file as it is, under the entry's name", () => {
    const made = reportUpload(report({ type: "sast", format: "raw", name: "gl-sast.json" }), [
      file("out/sast.json", "{}"),
    ]);
    if (made.kind !== "upload") throw new Error(made.kind);
    expect(made.upload.filename).toBe("gl-sast.json");
    expect(Buffer.from(made.upload.content).toString()).toBe("{}");
  });

  it("refuses a raw report of several files, naming them", () => {
    const made = reportUpload(report({ type: "sast", format: "raw" }), [
      file("a.json", "1"),
      file("b.json", "2"),
    ]);
    expect(made).toEqual({
      kind: "refused",
      message:
        "only one file can be sent as raw, and the paths of artifacts:reports:sast matched 2: a.json, b.json",
    });
  });

  it("zips a zip report; nothing collected is nothing to upload", () => {
    const made = reportUpload(report({ type: "lsif", format: "zip", name: undefined }), [
      file("dump.lsif", "x"),
    ]);
    if (made.kind !== "upload") throw new Error(made.kind);
    expect(made.upload.filename).toBe("artifacts.zip");
    expect(readZip(made.upload.content, 1024).map((e) => e.path)).toEqual(["dump.lsif"]);
    expect(reportUpload(report({}), [])).toEqual({ kind: "none" });
  });
});
