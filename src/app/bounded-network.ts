import { resolveImage } from "../image/image-store.js";
import { layeredPolicy, type PolicyLevel } from "../sandbox/network/layered-policy.js";
import type { NetworkPolicy } from "../sandbox/network/network-policy.js";
import { parsePolicyText } from "../sandbox/network/parse-network-policy.js";

/**
 * What a sandbox of `image` may reach when the `outer` levels (the runner) bound it, then the
 * image's own limit, then the `request` (the job or the user): each level only narrows. Every
 * cut is passed to `report`, one line each, so the user sees why something is unreachable.
 */
export async function boundedNetwork(
  outer: readonly PolicyLevel[],
  image: string,
  request: PolicyLevel,
  report: (line: string) => void,
): Promise<NetworkPolicy> {
  const limit = (await resolveImage(image)).networkLimit;
  const levels: PolicyLevel[] = [
    ...outer,
    ...(limit === undefined ? [] : [{ level: `image ${image}`, policy: parsePolicyText(limit) }]),
    request,
  ];
  const result = layeredPolicy(levels);
  for (const line of result.narrowed) report(`network: ${line}`);
  return result.policy;
}
