import { availableParallelism, totalmem } from "node:os";

/** Jobs at once: one per core, more when memory allows (they mostly wait), at least 2. */
export function defaultConcurrency(): number {
  const byMemory = Math.floor(totalmem() / (2 * 1024 ** 3));
  return Math.max(2, Math.min(availableParallelism() * 2, byMemory));
}
