import { createMasker } from "./create-masker.js";

/** `text` with every secret replaced by `[MASKED]` (one-shot, for the executor's own lines). */
export function maskText(secrets: readonly string[], text: string): string {
  const masker = createMasker(secrets);
  return Buffer.concat([masker.push(Buffer.from(text, "utf8")), masker.end()]).toString("utf8");
}
