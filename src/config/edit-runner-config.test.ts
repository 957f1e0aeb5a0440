import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  renderRunnerConfig,
  withoutRunners,
  withRunner,
  withRunnerToken,
} from "./edit-runner-config.js";
import { parseRunnerConfig } from "./parse-runner-config.js";
import { writeConfigFile } from "./write-config-file.js";

const existing = `concurrent = 3
log_level = "debug"

[[runners]]
  name = "old"
  url = "https://gitlab.example.com"
  token = "glrt-old"
  [runners.docker]
    image = "ruby:3.3"
`;

describe("editing a runner config", () => {
  it("adds a runner gitlab-runner style and keeps every other key", () => {
    const { tree } = parseRunnerConfig(existing, "config.toml");
    const text = renderRunnerConfig(
      withRunner(tree, {
        name: "new",
        id: 12,
        url: "https://gitlab.example.com",
        token: "glrt-new",
        tokenObtainedAt: new Date("2026-01-02T03:04:05Z"),
        tokenExpiresAt: undefined,
      }),
    );
    expect(text).toContain("token_obtained_at = 2026-01-02T03:04:05.000Z");
    expect(text).toContain("token_expires_at = 0001-01-01T00:00:00.000Z");
    const { config } = parseRunnerConfig(text, "config.toml");
    expect(config.concurrent).toBe(3);
    expect(config.logLevel).toBe("debug");
    expect(config.runners.map((r) => [r.name, r.token, r.id, r.executor])).toEqual([
      ["old", "glrt-old", undefined, "airlock"],
      ["new", "glrt-new", 12, "airlock"],
    ]);
    expect(config.runners[0]?.docker.image).toBe("ruby:3.3");
    expect(config.runners[1]?.tokenExpiresAt).toBeUndefined();
  });

  it("removes runners by name and rotates a token", () => {
    const { tree } = parseRunnerConfig(existing, "config.toml");
    const rotated = withRunnerToken(
      tree,
      "old",
      "glrt-rotated",
      new Date("2026-01-01T00:00:00Z"),
      new Date("2026-02-01T00:00:00Z"),
    );
    const runner = parseRunnerConfig(renderRunnerConfig(rotated), "c").config.runners[0];
    expect(runner).toMatchObject({
      token: "glrt-rotated",
      tokenExpiresAt: "2026-02-01T00:00:00.000Z",
    });
    const empty = renderRunnerConfig(withoutRunners(tree, (name) => name === "old"));
    expect(parseRunnerConfig(empty, "c").config.runners).toEqual([]);
  });
});

describe("writeConfigFile", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("replaces the file with mode 0600, creating the directory", async () => {
    dir = mkdtempSync(join(tmpdir(), "airlock-config-"));
    const path = join(dir, "etc", "config.toml");
    await writeConfigFile(path, "concurrent = 1\n");
    await writeConfigFile(path, "concurrent = 2\n");
    expect(readFileSync(path, "utf8")).toBe("concurrent = 2\n");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "etc")).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, "etc"))).toEqual(["config.toml"]);
  });
});
