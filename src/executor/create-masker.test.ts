import { describe, expect, it } from "vitest";
import { createMasker } from "./create-masker.js";

const run = (secrets: readonly string[], chunks: readonly string[]): string => {
  const masker = createMasker(secrets);
  const out = chunks.map((chunk) => masker.push(Buffer.from(chunk)).toString());
  return out.join("") + masker.end().toString();
};

describe("createMasker", () => {
  it("replaces every occurrence of a secret with [MASKED]", () => {
    expect(run(["s3cr3t-value"], ["a s3cr3t-value b s3cr3t-value\n"])).toBe(
      "a [MASKED] b [MASKED]\n",
    );
  });

  it("masks an occurrence split across chunks", () => {
    expect(run(["s3cr3t-value"], ["token=s3cr", "3t-va", "lue done"])).toBe("token=[MASKED] done");
  });

  it("masks an occurrence split one byte at a time", () => {
    const text = "x=password123!\n";
    expect(
      run(
        ["password123!"],
        Array.from(text, (char) => char),
      ),
    ).toBe("x=[MASKED]\n");
  });

  it("holds back at most longest-secret-minus-one bytes", () => {
    const masker = createMasker(["abcdefghij"]);
    const out = masker.push(Buffer.from("0123456789abcdefghi")).toString();
    expect(out).toBe("0123456789");
    expect(masker.end().toString()).toBe("abcdefghi");
  });

  it("releases a tail at once when it cannot start a secret", () => {
    const masker = createMasker(["abcdefghij"]);
    expect(masker.push(Buffer.from("hello world\n")).toString()).toBe("hello world\n");
  });

  it("flushes a held-back partial match unmasked on end", () => {
    expect(run(["abcdefghij"], ["xx abcde"])).toBe("xx abcde");
  });

  it("does not mask values shorter than 8 characters, as GitLab refuses to", () => {
    expect(run(["1234567", ""], ["pin 1234567\n"])).toBe("pin 1234567\n");
  });

  it("masks an 8-character value", () => {
    expect(run(["12345678"], ["pin 12345678\n"])).toBe("pin [MASKED]\n");
  });

  it("masks several secrets, the longer one whole when one contains the other", () => {
    expect(run(["abcdefgh", "xxabcdefghyy"], ["1 xxabcdefghyy 2 abcdefgh\n"])).toBe(
      "1 [MASKED] 2 [MASKED]\n",
    );
  });

  it("masks overlapping occurrences as one [MASKED]", () => {
    expect(run(["aaaaaaaa"], ["aaaaaaaaaa"])).toBe("[MASKED]");
  });

  it("masks multi-byte UTF-8 secrets split inside a character", () => {
    const secret = "päßwörd-ünïcode";
    const bytes = Buffer.from(`k=${secret}\n`);
    const masker = createMasker([secret]);
    const out = Buffer.concat([
      masker.push(bytes.subarray(0, 4)),
      masker.push(bytes.subarray(4)),
      masker.end(),
    ]);
    expect(out.toString()).toBe("k=[MASKED]\n");
  });

  it("passes everything through when there is no secret", () => {
    expect(run([], ["plain ", "text"])).toBe("plain text");
  });
});
