import { describe, expect, it } from "vitest";
import { makeSandboxSpec } from "../sandbox-spec.js";
import { execEnvironment } from "./exec-environment.js";

describe("execEnvironment", () => {
  it("layers base, sandbox and command env, later winning, and passes nothing of the host", () => {
    const env = execEnvironment(makeSandboxSpec({ env: { A: "spec", B: "spec" } }), { B: "exec" });
    expect(env).toEqual(
      expect.arrayContaining(["A=spec", "B=exec", "HOME=/root", "HOSTNAME=airlock"]),
    );
    expect(env.some((e) => e.startsWith("PATH=/usr/local/sbin"))).toBe(true);
    expect(env.filter((e) => e.startsWith("B="))).toEqual(["B=exec"]);
    expect(env.some((e) => e.startsWith("USER=") || e.startsWith("SSH_"))).toBe(false);
  });
});
