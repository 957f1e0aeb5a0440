import { describe, expect, it } from "vitest";
import { serviceHostNames } from "./service-host-names.js";

describe("serviceHostNames", () => {
  const names = (name: string, aliases: readonly string[] = []) =>
    serviceHostNames({ name, aliases });

  it("gives tutum/wordpress the two documented host names", () => {
    expect(names("tutum/wordpress:latest")).toEqual(["tutum__wordpress", "tutum-wordpress"]);
  });

  it("derives both names for an image from a registry", () => {
    expect(names("registry.example.com/group/img:tag")).toEqual([
      "registry.example.com__group__img",
      "registry.example.com-group-img",
    ]);
  });

  it("gives a plain image its own name once", () => {
    expect(names("mysql:latest")).toEqual(["mysql"]);
    expect(names("postgres")).toEqual(["postgres"]);
  });

  it("drops the registry port and a digest", () => {
    expect(names("gitlab.example.com:4567/docker/db-fixture")).toEqual([
      "gitlab.example.com__docker__db-fixture",
      "gitlab.example.com-docker-db-fixture",
    ]);
    expect(names(`domain.tld:8080/service@sha256:${"a".repeat(64)}`)).toEqual([
      "domain.tld__service",
      "domain.tld-service",
    ]);
  });

  it("adds aliases after the derived names", () => {
    expect(names("my-postgres:11.7", ["db", "pg"])).toEqual(["my-postgres", "db", "pg"]);
  });
});
