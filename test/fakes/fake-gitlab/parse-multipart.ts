/** One part of a multipart/form-data body. */
export interface FormPart {
  readonly name: string;
  readonly filename: string | undefined;
  readonly content: Buffer;
}

/**
 * Splits a multipart/form-data body (RFC 7578) into its parts; undefined when the content
 * type has no boundary or the body does not follow it. Enough for the fake: no nesting.
 */
export function parseMultipart(
  contentType: string | undefined,
  body: Buffer,
): FormPart[] | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const marker = boundary?.[1] ?? boundary?.[2];
  if (marker === undefined) return undefined;
  const delimiter = Buffer.from(`--${marker}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") return parts;
    const next = body.indexOf(delimiter, start);
    if (next < 0) return undefined;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) return undefined;
    const head = part.subarray(0, split).toString("utf8");
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) return undefined;
    parts.push({
      name,
      filename: /filename="([^"]*)"/i.exec(head)?.[1],
      content: part.subarray(split + 4),
    });
    at = next;
  }
}
