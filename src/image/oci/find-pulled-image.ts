import type { ResolvedImage } from "../image-ref.js";
import type { OciImageConfig } from "./image-config.js";
import { formatImageReference, parseImageReference } from "./image-reference.js";
import { readPulledMetadata, readReferenceRecord } from "./pulled-image-record.js";
import { pulledResolvedImage } from "./pulled-resolved-image.js";

/** A reference already pulled into the store. */
export interface CachedPull {
  readonly image: ResolvedImage;
  readonly config: OciImageConfig;
  /** What the registry resolved the reference to then (index or manifest digest). */
  readonly digest: string;
}

/**
 * The stored image `reference` was last pulled into, without asking the registry; undefined
 * when it was never pulled (or its image was removed). For pull policies: a caller must not
 * hand this to a job before canPull() said the job's credentials may pull `reference`.
 */
export async function findPulledImage(reference: string): Promise<CachedPull | undefined> {
  const record = await readReferenceRecord(formatImageReference(parseImageReference(reference)));
  if (record === undefined) return undefined;
  const metadata = await readPulledMetadata(record.id);
  if (metadata === undefined) return undefined;
  return {
    image: await pulledResolvedImage(record.id),
    config: metadata.config,
    digest: record.digest,
  };
}
