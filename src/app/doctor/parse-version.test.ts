import { describe, expect, it } from "vitest";
import { parseVersion } from "./parse-version.js";

describe("parseVersion", () => {
  it.each([
    ["runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n", "1.1.5+ds1"],
    ["crun version 1.8.1\ncommit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30\n", "1.8.1"],
    ["nftables v1.0.6 (Lester Gooch #5)\n", "1.0.6"],
    ["mmdebstrap 1.3.5\n", "1.3.5"],
    ["gcc (Debian 12.2.0-14+deb12u1) 12.2.0\n", "12.2.0-14+deb12u1"],
    ["QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n", "7.2.22"],
    ["mke2fs 1.47.0 (5-Feb-2023)\n\tUsing EXT2FS Library version 1.47.0\n", "1.47.0"],
  ])("finds the version in %j", (output, version) => {
    expect(parseVersion(output)).toBe(version);
  });

  it("returns undefined when there is no version", () => {
    expect(parseVersion("usage: foo [options]\n")).toBeUndefined();
  });
});
