/** The tap device QEMU opens in a microVM's netns. */
export const vmTapName = "tap0";

/**
 * tc commands that make the netns a wire: every frame arriving on one device leaves by the
 * other, unchanged (u32 matches all; mirred redirects). No bridge, no addresses, no
 * forwarding in the netns: nothing there to attack or misroute.
 */
export function tapWire(peer: string): string[] {
  const redirect = (from: string, to: string): string[] => [
    `qdisc add dev ${from} ingress`,
    `filter add dev ${from} parent ffff: protocol all u32 match u8 0 0 action mirred egress redirect dev ${to}`,
  ];
  return [...redirect(vmTapName, peer), ...redirect(peer, vmTapName)];
}
