/**
 * Reads exact byte counts from an async stream of chunks (a decompressed layer), without
 * holding more than one chunk beyond what was asked for.
 */
export class ByteReader {
  readonly #source: AsyncIterator<Uint8Array>;
  #pending: Buffer = Buffer.alloc(0);
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.#pending.length < n && (await this.#fill())) {
      // filled one more chunk
    }
    const out = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(out.length);
    return out;
  }

  /** Up to `max` bytes (at least one unless the stream ended): for streaming a body. */
  async readSome(max: number): Promise<Buffer> {
    if (this.#pending.length === 0) await this.#fill();
    const out = this.#pending.subarray(0, max);
    this.#pending = this.#pending.subarray(out.length);
    return out;
  }

  /** Reads and drops everything left (so a hash over the stream sees all of it). */
  async drain(): Promise<void> {
    this.#pending = Buffer.alloc(0);
    while (await this.#fill()) this.#pending = Buffer.alloc(0);
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const next = await this.#source.next();
    if (next.done === true) {
      this.#done = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    return true;
  }
}
