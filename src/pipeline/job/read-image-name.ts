import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";

/** A non-empty image name (`name:` is required in the map forms of image and services). */
export function readImageName(node: RawNode): string {
  const name = readString(node, "an image name such as ruby:3.3 or a map with name:");
  if (name.trim() === "") throw node.fail("expected an image name, got an empty string");
  return name;
}
