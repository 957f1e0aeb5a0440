import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseServices } from "./parse-services.js";

describe("parseServices", () => {
  it("reads names and the documented map form", () => {
    const services = parseServices(
      jobNode("services", [
        "postgres:11.7",
        {
          name: "my-postgres:11.7",
          alias: "db,postgres,pg",
          entrypoint: ["/usr/local/bin/db-postgres"],
          command: ["start"],
          variables: { POSTGRES_DB: "test", PORT: 5432 },
          pull_policy: "if-not-present",
        },
      ]),
    );
    expect(services[0]).toMatchObject({ name: "postgres:11.7", aliases: [], command: undefined });
    expect(services[1]).toMatchObject({
      name: "my-postgres:11.7",
      aliases: ["db", "postgres", "pg"],
      entrypoint: ["/usr/local/bin/db-postgres"],
      command: ["start"],
      variables: [
        { name: "POSTGRES_DB", value: "test" },
        { name: "PORT", value: "5432" },
      ],
      pullPolicy: ["if-not-present"],
    });
  });

  it("splits aliases at spaces too, dropping repeats", () => {
    const [service] = parseServices(
      jobNode("services", [{ name: "postgres:16.10", alias: "db postgres db" }]),
    );
    expect(service?.aliases).toEqual(["db", "postgres"]);
  });

  it("accepts an empty list", () => {
    expect(parseServices(jobNode("services", []))).toEqual([]);
  });

  it("requires a list", () => {
    const error = pipelineFailure(() => parseServices(jobNode("services", "postgres")));
    expect(error.message).toContain("test:services: expected a list of services");
  });

  it("requires name in a service map", () => {
    const error = pipelineFailure(() => parseServices(jobNode("services", [{ alias: "db" }])));
    expect(error.message).toContain("test:services:0:name:");
  });

  it("rejects unknown service keys", () => {
    const error = pipelineFailure(() =>
      parseServices(jobNode("services", [{ name: "a", aliases: "b" }])),
    );
    expect(error.message).toContain('unknown key "aliases"');
    expect(error.fix).toBe('Did you mean "alias"?');
  });
});
