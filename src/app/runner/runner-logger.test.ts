import { describe, expect, it } from "vitest";
import { runnerLogger } from "./runner-logger.js";

describe("runnerLogger", () => {
  it("writes one JSON object a line at or above the level", () => {
    const lines: string[] = [];
    const logger = runnerLogger("json", "info", (line) => lines.push(line));
    logger.debug("hidden");
    logger.info("job 7 received");
    logger.warn('a "quoted"\nvalue');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith("\n") && !line.slice(0, -1).includes("\n"))).toBe(
      true,
    );
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((p) => [p["level"], p["msg"]])).toEqual([
      ["info", "job 7 received"],
      ["warn", 'a "quoted"\nvalue'],
    ]);
    expect(Number.isNaN(Date.parse(String(parsed[0]?.["time"])))).toBe(false);
  });

  it("writes text lines, and error hides warnings", () => {
    const lines: string[] = [];
    const text = runnerLogger("text", "debug", (line) => lines.push(line));
    text.debug("d");
    text.warn("w");
    runnerLogger("text", "error", (line) => lines.push(line)).warn("never");
    expect(lines).toEqual(["airlock: d\n", "airlock: warning: w\n"]);
  });
});
