import { describe, expect, it } from "vitest";
import { listeningPorts } from "./listening-ports.js";

describe("listeningPorts", () => {
  it("reads LISTEN rows of tcp and tcp6 and ignores other states and the header", () => {
    const text = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid",
      "   0: 00000000:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0",
      "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0",
      "   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 0",
      "   2: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0",
    ].join("\n");
    expect(listeningPorts(text)).toEqual([80, 6379]);
  });

  it("finds nothing in an empty table", () => {
    expect(listeningPorts("  sl  local_address rem_address   st\n")).toEqual([]);
  });
});
