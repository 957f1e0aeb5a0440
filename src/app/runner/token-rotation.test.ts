import { describe, expect, it } from "vitest";
import { parseRunnerConfig } from "../../config/parse-runner-config.js";
import { rotationDueAt } from "./token-rotation.js";

function runner(lines: string) {
  const text = `[[runners]]\nname = "a"\nurl = "https://gitlab.example"\ntoken = "glrt-x"\n${lines}\n`;
  const entry = parseRunnerConfig(text, "config.toml").config.runners[0];
  if (entry === undefined) throw new Error("no runner");
  return entry;
}

describe("rotationDueAt", () => {
  it("is a quarter of the token's lifetime before it expires, at least an hour", () => {
    const thirtyDays = runner(
      "token_obtained_at = 2026-01-01T00:00:00Z\ntoken_expires_at = 2026-01-31T00:00:00Z",
    );
    expect(rotationDueAt(thirtyDays)).toBe(Date.parse("2026-01-23T12:00:00Z"));
    const twoHours = runner(
      "token_obtained_at = 2026-01-01T00:00:00Z\ntoken_expires_at = 2026-01-01T02:00:00Z",
    );
    expect(rotationDueAt(twoHours)).toBe(Date.parse("2026-01-01T01:00:00Z"));
  });

  it("is a day before without a start, and never for a token that never expires", () => {
    expect(rotationDueAt(runner("token_expires_at = 2026-01-31T00:00:00Z"))).toBe(
      Date.parse("2026-01-30T00:00:00Z"),
    );
    expect(rotationDueAt(runner("token_expires_at = 0001-01-01T00:00:00Z"))).toBeUndefined();
    expect(rotationDueAt(runner(""))).toBeUndefined();
  });
});
