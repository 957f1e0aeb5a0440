import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets.js";

describe("redactSecrets", () => {
  it("hides runner authentication and registration tokens", () => {
    const text = 'token = "glrt-t1_AbCdEfGhIjKlMnOpQrSt" # GR1348941xYzAbCdEfGhIjKl';
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain("AbCdEfGhIjKlMnOpQrSt");
    expect(redacted).not.toContain("xYzAbCdEfGhIjKl");
    expect(redacted).toContain("glrt-t1…");
    expect(redacted).toContain("GR1348941xY…");
  });

  it("hides a value written under a secret-looking key", () => {
    expect(redactSecrets('password = "hunter2hunter2"')).toBe('password = "hu…"');
  });

  it("leaves other text alone", () => {
    expect(redactSecrets('volumes = ["/cache"]')).toBe('volumes = ["/cache"]');
  });
});
