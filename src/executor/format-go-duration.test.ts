import { describe, expect, it } from "vitest";
import { formatGoDuration } from "./format-go-duration.js";

describe("formatGoDuration", () => {
  it("prints like Go's time.Duration", () => {
    expect(formatGoDuration(3_600_000)).toBe("1h0m0s");
    expect(formatGoDuration(300_000)).toBe("5m0s");
    expect(formatGoDuration(90_500)).toBe("1m30.5s");
    expect(formatGoDuration(2_000)).toBe("2s");
    expect(formatGoDuration(250)).toBe("250ms");
    expect(formatGoDuration(0)).toBe("0s");
  });
});
