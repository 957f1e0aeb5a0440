import { describe, expect, it } from "vitest";
import { projectIdentity } from "./project-identity.js";
import { slugify } from "./slugify.js";

describe("projectIdentity", () => {
  it.each([
    ["https://gitlab.com/group/sub/project.git", "gitlab.com", "group/sub/project"],
    ["https://user:tok@gitlab.example.com:8443/a/b", "gitlab.example.com", "a/b"],
    ["ssh://git@gitlab.com:2222/group/project.git", "gitlab.com", "group/project"],
    ["git@gitlab.com:group/project.git", "gitlab.com", "group/project"],
  ])("%s is %s / %s", (url, host, path) => {
    const id = projectIdentity(url, "dir");
    expect(id.serverHost).toBe(host);
    expect(id.path).toBe(path);
    expect(id.name).toBe(path.split("/").at(-1));
  });

  it.each([
    ["https://user:tok@gitlab.example.com:8443/a/b", "https://gitlab.example.com:8443", "8443"],
    ["http://gitlab.example.com/a/b.git", "http://gitlab.example.com", "80"],
    ["https://gitlab.example.com:443/a/b.git", "https://gitlab.example.com", "443"],
    ["ssh://git@gitlab.example.com:2222/a/b.git", "https://gitlab.example.com", "443"],
    ["git@gitlab.example.com:a/b.git", "https://gitlab.example.com", "443"],
  ])("%s is served at %s (port %s)", (url, serverUrl, port) => {
    const id = projectIdentity(url, "dir");
    expect(id.serverUrl).toBe(serverUrl);
    expect(id.serverPort).toBe(port);
  });

  it("without a usable remote the project is local/<dir> on localhost", () => {
    expect(projectIdentity(undefined, "demo")).toEqual({
      path: "local/demo",
      namespace: "local",
      name: "demo",
      serverHost: "localhost",
      serverUrl: "https://localhost",
      serverPort: "443",
    });
    expect(projectIdentity("/srv/git/demo.git", "demo").path).toBe("local/demo");
  });
});

describe("slugify", () => {
  it("follows GitLab's CI_COMMIT_REF_SLUG rule", () => {
    expect(slugify("feature/Add_Login")).toBe("feature-add-login");
    expect(slugify("--x--")).toBe("x");
    expect(slugify("a".repeat(70))).toHaveLength(63);
  });
});
