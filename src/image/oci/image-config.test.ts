import { describe, expect, it } from "vitest";
import { parseImageConfig, parseStoredConfig } from "./image-config.js";

const diffId = `sha256:${"a".repeat(64)}`;

describe("parseImageConfig", () => {
  it("keeps the TCP ports of ExposedPorts, ascending, without udp ones", () => {
    const parsed = parseImageConfig(
      JSON.stringify({
        rootfs: { diff_ids: [diffId] },
        config: { ExposedPorts: { "8080/tcp": {}, "53/udp": {}, "6379": {}, "99999/tcp": {} } },
      }),
    );
    expect(typeof parsed === "string" ? parsed : parsed.config.exposedPorts).toEqual([6379, 8080]);
  });

  it("reads a stored config written before exposedPorts was kept", () => {
    expect(
      parseStoredConfig({ env: [], os: "linux", architecture: "amd64" })?.exposedPorts,
    ).toEqual([]);
    expect(
      parseStoredConfig({ env: [], os: "linux", architecture: "amd64", exposedPorts: ["x"] }),
    ).toBeUndefined();
  });
});
