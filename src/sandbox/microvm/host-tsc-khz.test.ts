import { describe, expect, it } from "vitest";
import { tscKhzFromCpuinfo } from "./host-tsc-khz.js";

describe("tscKhzFromCpuinfo", () => {
  it("reads the first cpu MHz line as kHz", () => {
    const text =
      "processor\t: 0\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2596.128\n\nprocessor\t: 1\ncpu MHz\t\t: 1200.000\n";
    expect(tscKhzFromCpuinfo(text)).toBe(2596128);
  });

  it("gives undefined without one", () => {
    expect(tscKhzFromCpuinfo("processor\t: 0\n")).toBeUndefined();
    expect(tscKhzFromCpuinfo("cpu MHz\t\t: 0.000\n")).toBeUndefined();
  });
});
