import { describe, expect, it } from "vitest";
import { aptOptionsFromDump } from "./apt-options.js";

describe("aptOptionsFromDump", () => {
  it("carries over Check-Valid-Until and Check-Date when the host switches them off", () => {
    const dump = [
      'Acquire::Languages "none";',
      'Acquire::Check-Valid-Until "false";',
      'Acquire::Check-Date "false";',
      'Acquire::http::Proxy "http://user:secret@proxy:3128";',
    ].join("\n");
    expect(aptOptionsFromDump(dump)).toEqual([
      'Acquire::Check-Valid-Until "false"',
      'Acquire::Check-Date "false"',
    ]);
  });

  it("carries over nothing from a default apt configuration", () => {
    expect(
      aptOptionsFromDump('APT::Architecture "amd64";\nAcquire::Check-Valid-Until "true";\n'),
    ).toEqual([]);
    expect(aptOptionsFromDump("")).toEqual([]);
  });
});
