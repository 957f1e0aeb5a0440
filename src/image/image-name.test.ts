import { describe, expect, it } from "vitest";
import { AirlockError } from "../core/airlock-error.js";
import { validateImageName } from "./image-name.js";

describe("validateImageName", () => {
  it.each(["default", "a", "node-20", "py3.12", "x_y", "0abc", "a".repeat(63)])(
    "accepts %s",
    (name) => {
      expect(validateImageName(name)).toBe(name);
    },
  );

  it.each(["", "Default", "-x", ".hidden", "_x", "a/b", "..", "a b", "ä", "a".repeat(64), "x\n"])(
    "rejects %j",
    (name) => {
      expect(() => validateImageName(name)).toThrow(AirlockError);
    },
  );

  it("names the rule in the error", () => {
    try {
      validateImageName("Bad/Name");
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(AirlockError);
      const e = error as AirlockError;
      expect(e.code).toBe("AIRLOCK_E_IMAGE_INVALID");
      expect(e.message).toContain("Bad/Name");
      expect(e.fix).toContain("[a-z0-9][a-z0-9._-]{0,62}");
    }
  });
});
