import { describe, expect, it } from "vitest";
import { parseAuthChallenge } from "./www-authenticate.js";

describe("parseAuthChallenge", () => {
  it("reads Bearer challenges with quoted parameters", () => {
    expect(
      parseAuthChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/debian:pull"',
      ),
    ).toEqual({
      scheme: "bearer",
      realm: "https://auth.docker.io/token",
      service: "registry.docker.io",
      scope: "repository:library/debian:pull",
    });
    expect(parseAuthChallenge('bearer realm="http://x/t" , error="invalid_token"')).toEqual({
      scheme: "bearer",
      realm: "http://x/t",
      service: undefined,
      scope: undefined,
    });
  });

  it("reads Basic and ignores what it cannot use", () => {
    expect(parseAuthChallenge('Basic realm="registry"')).toEqual({ scheme: "basic" });
    expect(parseAuthChallenge(null)).toBeUndefined();
    expect(parseAuthChallenge("Negotiate abc")).toBeUndefined();
    expect(parseAuthChallenge('Bearer service="x"')).toBeUndefined();
  });
});
