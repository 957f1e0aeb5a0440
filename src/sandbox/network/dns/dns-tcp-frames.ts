/**
 * DNS over TCP framing (RFC 1035 4.2.2, RFC 7766): each message is preceded by its length
 * as a 2-byte big-endian number.
 */
export function frameDnsMessage(message: Uint8Array): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length, 0);
  return Buffer.concat([prefix, message]);
}

/**
 * Splits a TCP byte stream into DNS messages. Memory stays bounded: at most one partial
 * message (under 64 KiB plus one chunk) is buffered. A zero length prefix is a protocol
 * error: `push` then returns undefined and the caller should drop the connection.
 */
export class DnsTcpFrames {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Buffer[] | undefined {
    this.pending =
      this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0);
      if (length === 0) return undefined;
      if (this.pending.length < 2 + length) break;
      messages.push(this.pending.subarray(2, 2 + length));
      this.pending = this.pending.subarray(2 + length);
    }
    return messages;
  }
}
