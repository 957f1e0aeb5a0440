import { describe, expect, it } from "vitest";
import { serviceCommand } from "./prepare-service.js";

const image = { entrypoint: ["/docker-entrypoint.sh"], cmd: ["redis-server"] };

describe("serviceCommand", () => {
  it("runs the image's entrypoint with its Cmd", () => {
    expect(serviceCommand({}, image)).toEqual(["/docker-entrypoint.sh", "redis-server"]);
  });

  it("command: replaces the Cmd only", () => {
    expect(serviceCommand({ command: ["redis-server", "--port", "7000"] }, image)).toEqual([
      "/docker-entrypoint.sh",
      "redis-server",
      "--port",
      "7000",
    ]);
  });

  it('entrypoint: replaces the entrypoint and drops the image\'s Cmd; [""] clears it', () => {
    expect(serviceCommand({ entrypoint: ["/bin/sh", "-c"] }, image)).toEqual(["/bin/sh", "-c"]);
    expect(serviceCommand({ entrypoint: [""], command: ["serve"] }, image)).toEqual(["serve"]);
  });

  it("an airlock image has neither: only what the service names", () => {
    expect(serviceCommand({}, undefined)).toEqual([]);
    expect(serviceCommand({ command: ["x"] }, undefined)).toEqual(["x"]);
  });
});
