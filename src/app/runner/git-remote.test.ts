import { describe, expect, it } from "vitest";
import { gitRemote } from "./git-remote.js";

describe("gitRemote", () => {
  it("keeps the credentials out of the URL and puts them into an Authorization header", () => {
    const remote = gitRemote("https://gitlab-ci-token:glcbt-s3cret@gitlab.example.com/g/p.git");
    expect(remote.url).toBe("https://gitlab.example.com/g/p.git");
    expect(remote.url).not.toContain("s3cret");
    expect(remote.authEnv).toEqual({
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.extraHeader",
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from("gitlab-ci-token:glcbt-s3cret").toString("base64")}`,
    });
  });

  it("names the mirror after the URL without credentials: every job's token gives the same key", () => {
    const one = gitRemote("http://gitlab-ci-token:a@127.0.0.1:8080/g/p.git");
    const two = gitRemote("http://gitlab-ci-token:b@127.0.0.1:8080/g/p.git");
    expect(one.key).toBe(two.key);
    expect(one.key).toMatch(/^[0-9a-f]{64}$/);
    expect(gitRemote("http://127.0.0.1:8080/g/other.git").key).not.toBe(one.key);
  });

  it("sends no header for a URL without credentials", () => {
    expect(gitRemote("https://gitlab.example.com/g/p.git").authEnv).toEqual({});
  });

  it("refuses transports other than http and https", () => {
    expect(() => gitRemote("file:///etc/repo.git")).toThrow(/not http or https/);
    expect(() => gitRemote("ext::sh -c id")).toThrow();
  });
});
