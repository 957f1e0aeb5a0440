import { describe, expect, it } from "vitest";
import {
  fakeJobPayload,
  type FakeJobOptions,
} from "../../test/fakes/fake-gitlab/fake-job-payload.js";
import { jobSpecFromPayload, type PayloadContext } from "./job-spec-from-payload.js";
import { parseJobPayload } from "./parse-job-payload.js";
import { runnerJobSize } from "./runner-job-size.js";

const context: PayloadContext = {
  runnerToken: "glrt-abcdefghijklmnop",
  version: "0.1.0",
  environment: [{ name: "FROM_CONFIG", value: "cfg-$CI_JOB_ID" }],
  defaultImage: undefined,
  network: { policy: "internet", allow: [] },
  size: { cpus: 4, memoryMiB: 8192, diskMiB: 10_240 },
  concurrentId: 3,
  sourceDir: "/host/src",
  artifactsDir: "/host/artifacts",
  reportsDir: "/host/reports",
  dependencyDirOf: (id) => (id === 7 ? "/host/deps/7" : undefined),
  cacheDirOf: (key) => `/host/cache/${key}`,
};

function translate(options: FakeJobOptions, over: Partial<PayloadContext> = {}) {
  const payload = parseJobPayload(
    fakeJobPayload(1001, "glcbt-jobtoken123", "http://127.0.0.1:1", options),
  );
  return jobSpecFromPayload(payload, { ...context, ...over });
}

function specOf(options: FakeJobOptions, over: Partial<PayloadContext> = {}) {
  const result = translate(options, over);
  if (result.kind !== "spec") throw new Error(result.message);
  return result.spec;
}

describe("jobSpecFromPayload", () => {
  it("takes steps, timeouts, the project dir and the runner's size", () => {
    const spec = specOf({
      name: "build",
      script: ["make", "make test"],
      afterScript: ["echo bye"],
      timeoutSeconds: 600,
    });
    expect(spec).toMatchObject({
      id: "1001",
      name: "build",
      stage: "test",
      script: ["make", "make test"],
      afterScript: ["echo bye"],
      timeoutMs: 600_000,
      projectDir: "/builds/grp/app",
      source: { kind: "directory", hostDir: "/host/src" },
      size: { cpus: 4, memoryMiB: 8192, diskMiB: 10_240 },
      image: undefined,
      network: { policy: "internet", allow: [] },
    });
  });

  it("keeps masked and file flags, masks CI_JOB_TOKEN, adds the runner's variables", () => {
    const spec = specOf({
      variables: [
        { key: "SECRET", value: "hunter2hunter2", masked: true },
        { key: "KUBECONFIG", value: "apiVersion: v1", file: true },
        { key: "GREETING", value: "job $CI_JOB_ID" },
        { key: "LITERAL", value: "job $CI_JOB_ID", raw: true },
      ],
    });
    const byName = new Map(spec.variables.map((v) => [v.name, v]));
    expect(byName.get("SECRET")).toEqual({
      name: "SECRET",
      value: "hunter2hunter2",
      masked: true,
      file: false,
    });
    expect(byName.get("KUBECONFIG")?.file).toBe(true);
    expect(byName.get("CI_JOB_TOKEN")?.masked).toBe(true);
    expect(byName.get("GREETING")?.value).toBe("job 1001");
    expect(byName.get("LITERAL")?.value).toBe("job $CI_JOB_ID");
    expect(byName.get("FROM_CONFIG")?.value).toBe("cfg-1001");
    expect(byName.get("CI_PROJECT_DIR")?.value).toBe("/builds/grp/app");
    expect(byName.get("CI_BUILDS_DIR")?.value).toBe("/builds");
    expect(byName.get("CI_CONCURRENT_ID")?.value).toBe("3");
    expect(byName.get("CI_DISPOSABLE_ENVIRONMENT")?.value).toBe("true");
    expect(byName.get("CI_RUNNER_SHORT_TOKEN")?.value).toBe("abcdefgh");
  });

  it("passes the image by name, the runner's docker image when the job has none", () => {
    expect(specOf({ image: "ruby:3.3" }).image?.name).toBe("ruby:3.3");
    expect(specOf({}, { defaultImage: "debian:12" }).image?.name).toBe("debian:12");
  });

  it("takes image: docker: user (string or number) and splits service aliases", () => {
    const image = (user: unknown) => ({
      name: "ruby:3.3",
      entrypoint: ["/bin/sh", "-c"],
      pull_policy: ["if-not-present"],
      executor_opts: { docker: { user } },
    });
    expect(specOf({ raw: { image: image("app:$CI_JOB_ID") } }).image).toEqual({
      name: "ruby:3.3",
      entrypoint: ["/bin/sh", "-c"],
      pullPolicy: ["if-not-present"],
      user: "app:1001",
    });
    expect(specOf({ raw: { image: image(1000) } }).image?.user).toBe("1000");
    expect(specOf({ raw: { image: image(null) } }).image).not.toHaveProperty("user");
    expect(() => translate({ raw: { image: image(true) } })).toThrow(
      /image\.executor_opts\.docker\.user: expected a string or an integer/,
    );
    const spec = specOf({
      raw: {
        services: [
          { name: "postgres:16", alias: "db, pg  sql", variables: [] },
          { name: "redis:7", alias: "", variables: [] },
        ],
      },
    });
    expect(spec.services.map((s) => [s.name, s.aliases])).toEqual([
      ["postgres:16", ["db", "pg", "sql"]],
      ["redis:7", []],
    ]);
  });

  it("takes docker: platform for the image and docker: user and platform for services", () => {
    const docker = { docker: { platform: "linux/amd64", user: "redis" } };
    const spec = specOf({
      raw: {
        image: { name: "ruby:3.3", executor_opts: { docker: { platform: "linux/$ARCH" } } },
        services: [{ name: "redis:7", variables: [], executor_opts: docker }],
        variables: [{ key: "ARCH", value: "amd64", public: true }],
      },
    });
    expect(spec.image?.platform).toBe("linux/amd64");
    expect(spec.services[0]).toMatchObject({ user: "redis", platform: "linux/amd64" });
  });

  it("maps the archive, every report, dependencies and caches to host directories", () => {
    const spec = specOf({
      artifacts: [
        {
          name: "dist",
          paths: ["dist/$CI_JOB_ID"],
          exclude: ["*.o"],
          when: "always",
          artifact_type: "archive",
        },
        {
          name: "junit.xml.gz",
          paths: ["reports/*.xml"],
          when: "always",
          expire_in: "1 week",
          artifact_type: "junit",
          artifact_format: "gzip",
        },
        { paths: ["build.env"], artifact_type: "dotenv", artifact_format: "gzip" },
      ],
      dependencies: [
        { id: 7, name: "build", token: "t" },
        { id: 8, name: "lint", token: "t" },
      ],
      cache: [
        {
          key: "deps-$CI_COMMIT_REF_NAME",
          paths: ["vendor/"],
          policy: "pull",
          fallback_keys: ["deps-main"],
        },
      ],
    });
    expect(spec.artifacts).toEqual({
      paths: ["dist/1001"],
      exclude: ["*.o"],
      untracked: false,
      when: "always",
      dotenv: [],
      hostDir: "/host/artifacts",
      name: "dist",
      reports: [
        {
          type: "junit",
          format: "gzip",
          paths: ["reports/*.xml"],
          exclude: [],
          untracked: false,
          when: "always",
          hostDir: "/host/reports/1",
          name: "junit.xml.gz",
          expireIn: "1 week",
        },
        {
          type: "dotenv",
          format: "gzip",
          paths: ["build.env"],
          exclude: [],
          untracked: false,
          when: "on_success",
          hostDir: "/host/reports/2",
          name: undefined,
          expireIn: undefined,
        },
      ],
    });
    expect(spec.dependencies).toEqual([{ jobName: "build", hostDir: "/host/deps/7" }]);
    expect(spec.caches).toEqual([
      {
        key: "deps-main",
        paths: ["vendor/"],
        untracked: false,
        policy: "pull",
        when: "on_success",
        hostDir: "/host/cache/deps-main",
        fallbacks: [],
      },
    ]);
  });

  it("collects reports without an archive; names a format it cannot make and skips it", () => {
    const translated = translate({
      artifacts: [
        { paths: ["gl-sast-report.json"], artifact_type: "sast", artifact_format: "raw" },
        { paths: ["x"], artifact_type: "cyclonedx", artifact_format: "tar.zst" },
      ],
    });
    if (translated.kind !== "spec") throw new Error("expected a spec");
    expect(translated.spec.artifacts?.paths).toEqual([]);
    expect(translated.spec.artifacts?.reports?.map((r) => [r.type, r.format])).toEqual([
      ["sast", "raw"],
    ]);
    expect(translated.warnings).toEqual([
      'WARNING: artifacts:reports:cyclonedx: the "tar.zst" format is not supported by airlock; not uploaded',
    ]);
  });

  it("lets AIRLOCK_NETWORK ask for less; refuses steps it does not run", () => {
    const spec = specOf({ variables: [{ key: "AIRLOCK_NETWORK", value: "none" }] });
    expect(spec.network).toEqual({ policy: "none", allow: [] });
    const refused = translate({
      raw: { steps: [{ name: "release", script: ["release-cli create"], timeout: 60 }] },
    });
    expect(refused).toMatchObject({ kind: "refused", failureReason: "runner_unsupported" });
  });

  it("keeps the project directory under /builds whatever the variables say", () => {
    const spec = specOf({ variables: [{ key: "CI_PROJECT_PATH", value: "grp/../../etc" }] });
    expect(spec.projectDir).toBe("/builds/grp/app");
    const neither = specOf({
      variables: [{ key: "CI_PROJECT_PATH", value: ".." }],
      raw: { git_info: { repo_url: "not a url", ref: "main", sha: "0", refspecs: [] } },
    });
    expect(neither.projectDir).toBe("/builds/project-42");
  });
});

describe("runnerJobSize", () => {
  const defaults = { cpus: 2, memoryMiB: 4096, diskMiB: 10_240 };
  const max = { cpus: 8, memoryMiB: 16_384, diskMiB: 51_200 };

  it("reads the size tag over the defaults and caps it at max_size", () => {
    expect(runnerJobSize("ci", ["linux", "airlock-4cpu-8gb"], "airlock-", defaults, max)).toEqual({
      size: { cpus: 4, memoryMiB: 8192, diskMiB: 10_240 },
      capped: [],
    });
    const big = runnerJobSize("ci", ["size-32cpu"], "size-", defaults, max);
    expect(big.size.cpus).toBe(8);
    expect(big.capped).toEqual(["cpus 32 asked by a tag, capped at max_size 8"]);
  });

  it("refuses a malformed size tag as a configuration error", () => {
    expect(() => runnerJobSize("ci", ["airlock-lots"], "airlock-", defaults, max)).toThrow(
      /runner "ci": \[runners.airlock\] tags: .*unexpected "lots"/,
    );
  });
});
