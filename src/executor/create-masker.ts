/** GitLab refuses to mask values shorter than this; such values are not masked here either. */
export const minimumMaskedLength = 8;

const mask = Buffer.from("[MASKED]");

/** A streaming byte transform: what push() returns is final, end() returns the rest. */
export interface MaskTransform {
  push(chunk: Buffer): Buffer;
  end(): Buffer;
}

/**
 * Replaces every occurrence of each secret (of at least `minimumMaskedLength` characters)
 * with `[MASKED]`, also when an occurrence is split across chunks: push() holds back at most
 * longest-secret-minus-one bytes, and only a tail that could still start a secret.
 * Overlapping occurrences are masked as one `[MASKED]`. Known limit: a secret that starts
 * inside an occurrence already masked and ends in a later chunk is only masked in part.
 */
export function createMasker(secrets: readonly string[]): MaskTransform {
  const phrases = [...new Set(secrets)]
    .filter((secret) => secret.length >= minimumMaskedLength)
    .map((secret) => Buffer.from(secret, "utf8"));
  let pending: Buffer = Buffer.alloc(0);
  return {
    push(chunk: Buffer): Buffer {
      const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const { output, rest } = maskBuffer(data, phrases, false);
      pending = rest;
      return output;
    },
    end(): Buffer {
      const { output } = maskBuffer(pending, phrases, true);
      pending = Buffer.alloc(0);
      return output;
    },
  };
}

function maskBuffer(
  data: Buffer,
  phrases: readonly Buffer[],
  final: boolean,
): { output: Buffer; rest: Buffer } {
  const spans = occurrences(data, phrases);
  const lastEnd = spans.at(-1)?.[1] ?? 0;
  const cut = final ? data.length : data.length - heldBack(data, lastEnd, phrases);
  const parts: Buffer[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    parts.push(data.subarray(at, start), mask);
    at = end;
  }
  parts.push(data.subarray(at, cut));
  return { output: Buffer.concat(parts), rest: Buffer.from(data.subarray(cut)) };
}

/** Every occurrence of every phrase, overlapping ones merged, in order. */
function occurrences(data: Buffer, phrases: readonly Buffer[]): [number, number][] {
  const found: [number, number][] = [];
  for (const phrase of phrases) {
    for (let at = data.indexOf(phrase); at !== -1; at = data.indexOf(phrase, at + 1)) {
      found.push([at, at + phrase.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of found) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

/** The length of the longest tail after `from` that is a proper prefix of some phrase. */
function heldBack(data: Buffer, from: number, phrases: readonly Buffer[]): number {
  const longest = Math.max(0, ...phrases.map((phrase) => phrase.length));
  for (let size = Math.min(longest - 1, data.length - from); size > 0; size--) {
    const tail = data.subarray(data.length - size);
    if (phrases.some((phrase) => phrase.length > size && phrase.subarray(0, size).equals(tail))) {
      return size;
    }
  }
  return 0;
}
