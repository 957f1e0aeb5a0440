import { describe, expect, it } from "vitest";
import { registryLogins } from "./registry-logins.js";

const login = (type: string, url: string, username = "u", password = "p") => ({
  type,
  url,
  username,
  password,
});

describe("registryLogins", () => {
  it("keys registry credentials by host[:port], without scheme or path", () => {
    expect(
      registryLogins([
        login("registry", "registry.example:5050", "gitlab-ci-token", "tok"),
        login("registry", "https://other.example/v2/", "a", "b"),
        login("registry", "http://127.0.0.1:5000"),
      ]),
    ).toEqual([
      { registry: "registry.example:5050", username: "gitlab-ci-token", password: "tok" },
      { registry: "other.example", username: "a", password: "b" },
      { registry: "127.0.0.1:5000", username: "u", password: "p" },
    ]);
  });

  it("names Docker Hub docker.io, keeps the first entry per host and skips other types", () => {
    expect(
      registryLogins([
        login("vault", "registry.example"),
        login("registry", "https://index.docker.io/v1/", "hub", "1"),
        login("registry", "registry-1.docker.io", "hub", "2"),
        login("registry", ""),
      ]),
    ).toEqual([{ registry: "docker.io", username: "hub", password: "1" }]);
  });
});
