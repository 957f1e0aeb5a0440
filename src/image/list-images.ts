import { presentImage, readNames } from "./build-image.js";
import { builtImageInfo, pulledImageInfo, type ImageInfo } from "./image-info.js";
import { readNetworkLimit } from "./image-network-limit.js";
import { readPulledMetadata, readReferenceRecords } from "./oci/pulled-image-record.js";
import { storedImageIds } from "./stored-image-ids.js";

/** Every stored image with its names, sorted by first name (unnamed images last). */
export async function listImages(): Promise<ImageInfo[]> {
  const names = await readNames();
  const references = await readReferenceRecords();
  const images: ImageInfo[] = [];
  for (const id of await storedImageIds()) {
    const metadata = await presentImage(id);
    const pulled = metadata === undefined ? await readPulledMetadata(id) : undefined;
    if (metadata !== undefined) {
      images.push({ ...builtImageInfo(metadata, names), networkLimit: await readNetworkLimit(id) });
    } else if (pulled !== undefined) {
      images.push({
        ...pulledImageInfo(pulled, references),
        networkLimit: await readNetworkLimit(id),
      });
    }
  }
  const key = (image: ImageInfo): string => image.names[0] ?? `~${image.id}`;
  return images.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
