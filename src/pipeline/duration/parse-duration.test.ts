import { describe, expect, it } from "vitest";
import { parseDuration } from "./parse-duration.js";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

describe("parseDuration", () => {
  // https://docs.gitlab.com/ci/yaml/#artifactsexpire_in lists these as valid values.
  it.each([
    ["42", 42 * second],
    ["42 seconds", 42 * second],
    ["3 mins 4 sec", 3 * minute + 4 * second],
    ["2 hrs 20 min", 2 * hour + 20 * minute],
    ["2h20min", 2 * hour + 20 * minute],
    ["6 mos 1 day", 6 * 30 * day + day],
    ["47 yrs 6 mos and 4d", 47 * 365.25 * day + 6 * 30 * day + 4 * day],
    ["3 weeks and 2 days", 23 * day],
  ])("reads the expire_in example %j", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  // https://docs.gitlab.com/ci/yaml/#timeout and #start_in examples.
  it.each([
    ["3h 30m", 3 * hour + 30 * minute],
    ["1h 30m", hour + 30 * minute],
    ["3 hours 30 minutes", 3 * hour + 30 * minute],
    ["30 minutes", 30 * minute],
    ["1 day", day],
    ["1 week", 7 * day],
    ["5", 5 * second],
  ])("reads the timeout/start_in example %j", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("reads clock text as h:m:s and a bare unit as one of it, as ChronicDuration does", () => {
    expect(parseDuration("1:30")).toBe(90 * second);
    expect(parseDuration("1:20:05")).toBe(hour + 20 * minute + 5 * second);
    expect(parseDuration("day")).toBe(day);
    expect(parseDuration("HOUR")).toBe(hour);
  });

  it("accepts fractions and commas between parts", () => {
    expect(parseDuration("1.5 hours")).toBe(90 * minute);
    expect(parseDuration("12.4 secs")).toBe(12_400);
    expect(parseDuration("1 hour, 5 minutes")).toBe(hour + 5 * minute);
  });

  it("rejects zero, empty text and unknown words (GitLab raises on them)", () => {
    expect(parseDuration("0")).toBeUndefined();
    expect(parseDuration("0 seconds")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("5 fortnights")).toBeUndefined();
    expect(parseDuration("-5 minutes")).toBeUndefined();
    expect(parseDuration("never")).toBeUndefined();
  });

  it("does not know number words: GitLab's vendored ChronicDuration has no numerizer", () => {
    expect(parseDuration("one hour")).toBeUndefined();
  });
});
