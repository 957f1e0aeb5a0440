/** A fetch response's body as byte chunks (none for an empty body). */
export async function* responseChunks(response: Response): AsyncGenerator<Uint8Array> {
  if (response.body === null) return;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops the download when the caller stops early (too large, bad digest).
    await reader.cancel().catch(() => undefined);
  }
}
