import { describe, expect, it } from "vitest";
import { credentialsFromDockerAuthConfig } from "./registry-credentials.js";

const auth = (text: string): string => Buffer.from(text).toString("base64");

describe("credentialsFromDockerAuthConfig", () => {
  const config = JSON.stringify({
    auths: {
      "registry.example.com:5000": { auth: auth("ci:p:a:ss") },
      "https://index.docker.io/v1/": { username: "hub", password: "tok" },
    },
  });

  it("finds the registry's entry by host, scheme and path ignored", () => {
    expect(credentialsFromDockerAuthConfig(config, "registry.example.com:5000")).toEqual({
      username: "ci",
      password: "p:a:ss",
    });
    expect(credentialsFromDockerAuthConfig(config, "docker.io")).toEqual({
      username: "hub",
      password: "tok",
    });
    expect(credentialsFromDockerAuthConfig(config, "registry.example.com")).toBeUndefined();
  });

  it("refuses values that are not Docker auth configs", () => {
    expect(() => credentialsFromDockerAuthConfig("{", "x")).toThrow(/not JSON/);
    expect(() => credentialsFromDockerAuthConfig("{}", "x")).toThrow(/no "auths"/);
    expect(() =>
      credentialsFromDockerAuthConfig(
        JSON.stringify({ auths: { x: { auth: auth("nocolon") } } }),
        "x",
      ),
    ).toThrow(/user:password/);
  });
});
