import type { IncomingMessage, ServerResponse } from "node:http";

/** The whole request body. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A JSON object body as GitLab's Grape API reads it; undefined when it is not one. */
export function jsonObject(body: Buffer): Readonly<Record<string, unknown>> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function stringField(
  body: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  const value = body?.[key];
  return typeof value === "string" ? value : undefined;
}

export function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer = "",
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, headers);
  response.end(body);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  send(response, status, JSON.stringify(value), {
    "Content-Type": "application/json",
    ...headers,
  });
}

/** GitLab's error body: `{"message": "403 Forbidden"}`. */
export function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { message }, headers);
}
