import type { ResolvedImage } from "../image/image-ref.js";
import { layeredPolicy } from "./network/layered-policy.js";
import { parsePolicyText } from "./network/parse-network-policy.js";
import type { SandboxSpec } from "./sandbox-spec.js";

/**
 * The spec with its network cut to the image's limit (`airlock image limit`), whoever asked:
 * the limit holds for every caller and every backend. Callers that explain the cut to the
 * user (the CLI, the job log) compute the same with layeredPolicy first, so this is then a
 * no-op.
 */
export function withinImageLimit(spec: SandboxSpec, image: ResolvedImage): SandboxSpec {
  if (image.networkLimit === undefined) return spec;
  const { policy } = layeredPolicy([
    { level: `image ${spec.image}`, policy: parsePolicyText(image.networkLimit) },
    { level: "sandbox", policy: spec.network },
  ]);
  return { ...spec, network: policy };
}
