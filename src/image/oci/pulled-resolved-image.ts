import { readNetworkLimit } from "../image-network-limit.js";
import type { ResolvedImage } from "../image-ref.js";
import { imageRootfs } from "../image-store-paths.js";
import { readReferenceRecords } from "./pulled-image-record.js";

/** A pulled image as backends take it; its names are the references pointing at it. */
export async function pulledResolvedImage(id: string): Promise<ResolvedImage> {
  const names = (await readReferenceRecords()).filter((r) => r.id === id).map((r) => r.reference);
  return { id, names, rootfs: imageRootfs(id), networkLimit: await readNetworkLimit(id) };
}
