import type { RawNode } from "../raw/raw-node.js";
import { parseService, type ServiceConfig } from "./parse-service.js";

/** `services`: a list of image names or service maps (`[]` means no services). */
export function parseServices(node: RawNode): readonly ServiceConfig[] {
  return node.items("a list of services (image names or maps with name:)").map(parseService);
}
