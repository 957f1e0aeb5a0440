import { describe, expect, it } from "vitest";
import { tapWire, vmTapName } from "./tap-wire.js";

describe("tapWire", () => {
  it("redirects every frame both ways between the tap and the veth end, and nothing else", () => {
    const lines = tapWire("alk3c");
    expect(lines).toEqual([
      `qdisc add dev ${vmTapName} ingress`,
      `filter add dev ${vmTapName} parent ffff: protocol all u32 match u8 0 0 action mirred egress redirect dev alk3c`,
      "qdisc add dev alk3c ingress",
      `filter add dev alk3c parent ffff: protocol all u32 match u8 0 0 action mirred egress redirect dev ${vmTapName}`,
    ]);
    // No bridge, address or route: the netns is only a wire.
    expect(lines.join("\n")).not.toMatch(/bridge|addr|route/);
  });
});
