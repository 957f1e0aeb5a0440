import { describe, expect, it } from "vitest";
import { findJsonError } from "./find-json-error.js";

describe("findJsonError", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const text of [
      '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}',
      "[]",
      " 3 ",
      '""',
    ]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonError(text)).toBeUndefined();
    }
  });

  it("says where it fails", () => {
    expect(findJsonError('{\n  "a": tru\n}')).toEqual({
      offset: 9,
      message:
        "unexpected 't'; expected a value (string, number, object, array, true, false or null)",
    });
    expect(findJsonError('{"a": 1,}')?.offset).toBe(8);
    expect(findJsonError('{"a": 1} x')?.message).toBe(
      "unexpected 'x' after the end of the document",
    );
    expect(findJsonError('{"a": "x')?.message).toBe("unterminated string");
    expect(findJsonError("")?.message).toContain("end of file");
  });
});
