import { describe, expect, it } from "vitest";
import { maxSizeOn } from "./max-size-on.js";

describe("maxSizeOn", () => {
  it("is the host's CPUs and memory less a reserve when max_size sets nothing", () => {
    expect(maxSizeOn({}, { cpus: 32, memoryMiB: 131_072 })).toEqual({
      cpus: 32,
      memoryMiB: 131_072 - 13_108,
      diskMiB: 51_200,
    });
    expect(maxSizeOn({}, { cpus: 2, memoryMiB: 4096 })).toEqual({
      cpus: 2,
      memoryMiB: 3072,
      diskMiB: 51_200,
    });
    expect(maxSizeOn({}, { cpus: 0, memoryMiB: 512 })).toEqual({
      cpus: 1,
      memoryMiB: 256,
      diskMiB: 51_200,
    });
  });

  it("keeps every dimension max_size sets, even above the host's", () => {
    expect(maxSizeOn({ cpus: 64, diskMiB: 10_240 }, { cpus: 8, memoryMiB: 16_384 })).toEqual({
      cpus: 64,
      memoryMiB: 16_384 - 1_639,
      diskMiB: 10_240,
    });
  });
});
