import { describe, expect, it } from "vitest";
import { imageAllowed } from "./image-allowed.js";

describe("imageAllowed", () => {
  it("allows everything without patterns", () => {
    expect(imageAllowed("anything/at:all", [])).toBe(true);
  });

  it("matches * within a path component and ** across them", () => {
    expect(imageAllowed("ruby:3.3", ["ruby:*"])).toBe(true);
    expect(imageAllowed("evil/ruby:3.3", ["ruby:*"])).toBe(false);
    expect(
      imageAllowed("registry.example.com:5000/team/app:1", ["registry.example.com:5000/*:*"]),
    ).toBe(false);
    expect(
      imageAllowed("registry.example.com:5000/team/app:1", ["registry.example.com:5000/**"]),
    ).toBe(true);
  });

  it("treats regular expression characters literally", () => {
    expect(imageAllowed("debianx12", ["debian.12"])).toBe(false);
    expect(imageAllowed("debian.12", ["debian.12"])).toBe(true);
    expect(imageAllowed("debian:1", ["debian:?"])).toBe(true);
  });
});
