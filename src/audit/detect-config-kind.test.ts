import { describe, expect, it } from "vitest";
import { detectConfigKind } from "./detect-config-kind.js";

describe("detectConfigKind", () => {
  it("goes by the file name first", () => {
    expect(detectConfigKind("/etc/gitlab-runner/config.toml", "")).toBe("gitlab-runner");
    expect(detectConfigKind("/etc/docker/daemon.json", "")).toBe("docker-daemon");
    expect(detectConfigKind("/etc/systemd/nspawn/ci.nspawn", "")).toBe("nspawn");
    expect(detectConfigKind("/etc/act_runner/config.yaml", "")).toBe("act-runner");
  });

  it("falls back on the content", () => {
    expect(detectConfigKind("runner.conf", "concurrent = 2\n[[runners]]\n")).toBe("gitlab-runner");
    expect(detectConfigKind("docker.conf", '# x\n{ "icc": false }')).toBe("docker-daemon");
    expect(detectConfigKind("ci.conf", "[Exec]\nBoot=yes\n")).toBe("nspawn");
    expect(detectConfigKind("act.conf", "runner:\n  capacity: 1\n")).toBe("act-runner");
    expect(detectConfigKind("notes.txt", "hello")).toBeUndefined();
  });
});
