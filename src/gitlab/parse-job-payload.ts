import type {
  GitlabArtifact,
  GitlabCache,
  GitlabImage,
  GitlabJobPayload,
  GitlabService,
  GitlabStep,
  GitlabVariable,
} from "./gitlab-job-payload.js";
import { JsonReader } from "./json-reader.js";

/**
 * Validates a `POST /jobs/request` 201 body into a `GitlabJobPayload`. Throws
 * AIRLOCK_E_GITLAB_PAYLOAD naming the first field that has the wrong type; unknown fields
 * are ignored (GitLab adds fields for features a runner did not declare).
 */
export function parseJobPayload(json: unknown): GitlabJobPayload {
  const root = JsonReader.root(json, "job payload");
  const info = root.at("job_info");
  const git = root.at("git_info");
  return {
    id: root.at("id").integer(),
    token: root.at("token").string(),
    allowGitFetch: root.at("allow_git_fetch").optional((r) => r.boolean()) ?? false,
    jobInfo: {
      name: info.at("name").string(),
      stage: info.at("stage").string(),
      projectId: info.at("project_id").integer(),
      projectName: info.at("project_name").optional((r) => r.string()) ?? "",
      timeInQueueSeconds: info.at("time_in_queue_seconds").optional((r) => r.integer()),
    },
    gitInfo: {
      repoUrl: git.at("repo_url").string(),
      ref: git.at("ref").string(),
      sha: git.at("sha").string(),
      beforeSha: git.at("before_sha").optional((r) => r.string()),
      refType: git.at("ref_type").optional((r) => r.string()),
      refspecs: git.at("refspecs").strings(),
      depth: git.at("depth").optional((r) => r.integer()),
      protected: git.at("protected").optional((r) => r.boolean()),
    },
    timeoutSeconds: root.at("runner_info").at("timeout").integer(),
    variables: root.at("variables").list(variable),
    steps: root.at("steps").list(step),
    image: root.at("image").optional(image),
    services: root.at("services").list(service),
    artifacts: root.at("artifacts").list(artifact),
    cache: root.at("cache").list(cache),
    credentials: root.at("credentials").list((c) => ({
      type: c.at("type").string(),
      url: c.at("url").string(),
      username: c.at("username").string(),
      password: c.at("password").string(),
    })),
    dependencies: root.at("dependencies").list((d) => ({
      id: d.at("id").integer(),
      name: d.at("name").string(),
      token: d.at("token").string(),
      artifactsFile: d.at("artifacts_file").optional((f) => ({
        filename: f.at("filename").string(),
        size: f.at("size").integer(),
      })),
    })),
    features: root.at("features").isAbsent()
      ? { traceSections: false, failureReasons: [] }
      : {
          traceSections:
            root
              .at("features")
              .at("trace_sections")
              .optional((r) => r.boolean()) ?? false,
          failureReasons: root.at("features").at("failure_reasons").strings(),
        },
    hooks: root.at("hooks").list((h) => ({
      name: h.at("name").string(),
      script: h.at("script").strings(),
    })),
  };
}

function flag(reader: JsonReader, key: string): boolean {
  return reader.at(key).optional((r) => r.boolean()) ?? false;
}

function variable(v: JsonReader): GitlabVariable {
  return {
    key: v.at("key").string(),
    value: v.at("value").optional((r) => r.string()) ?? "",
    public: flag(v, "public"),
    masked: flag(v, "masked"),
    file: flag(v, "file"),
    raw: flag(v, "raw"),
  };
}

function step(s: JsonReader): GitlabStep {
  return {
    name: s.at("name").string(),
    script: s.at("script").strings(),
    timeoutSeconds: s.at("timeout").optional((r) => r.integer()),
    when: s.at("when").optional((r) => r.string()),
    allowFailure: flag(s, "allow_failure"),
  };
}

function image(i: JsonReader): GitlabImage {
  return {
    name: i.at("name").string(),
    alias: i.at("alias").optional((r) => r.string()),
    entrypoint: i.at("entrypoint").optional((r) => r.strings()),
    command: i.at("command").optional((r) => r.strings()),
    pullPolicy: i.at("pull_policy").stringOrStrings(),
    dockerUser: i
      .at("executor_opts")
      .optional((o) =>
        o.at("docker").optional((d) => d.at("user").optional((u) => u.stringOrInteger())),
      ),
    dockerPlatform: i
      .at("executor_opts")
      .optional((o) =>
        o.at("docker").optional((d) => d.at("platform").optional((p) => p.string())),
      ),
  };
}

function service(s: JsonReader): GitlabService {
  return { ...image(s), variables: s.at("variables").list(variable) };
}

function artifact(a: JsonReader): GitlabArtifact {
  return {
    name: a.at("name").optional((r) => r.string()),
    untracked: flag(a, "untracked"),
    paths: a.at("paths").strings(),
    exclude: a.at("exclude").strings(),
    when: a.at("when").optional((r) => r.string()),
    artifactType: a.at("artifact_type").optional((r) => r.string()) ?? "archive",
    artifactFormat: a.at("artifact_format").optional((r) => r.string()) ?? "zip",
    expireIn: a.at("expire_in").optional((r) => r.string()),
  };
}

function cache(c: JsonReader): GitlabCache {
  return {
    key: c.at("key").optional((r) => r.string()) ?? "default",
    untracked: flag(c, "untracked"),
    policy: c.at("policy").optional((r) => r.string()) ?? "pull-push",
    paths: c.at("paths").strings(),
    when: c.at("when").optional((r) => r.string()),
    fallbackKeys: c.at("fallback_keys").strings(),
  };
}
