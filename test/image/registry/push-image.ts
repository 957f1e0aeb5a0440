import type { TestImage } from "./make-image.js";

/** Basic credentials for pushing to a test registry, or a whole Authorization header value. */
export type PushAuth = { readonly username: string; readonly password: string } | string;

function headers(
  auth: PushAuth | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  if (auth === undefined) return extra;
  const value =
    typeof auth === "string"
      ? auth
      : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
  return { ...extra, authorization: value };
}

/** Uploads one blob (monolithic POST then PUT, Docker Registry HTTP API v2). */
export async function pushBlob(
  host: string,
  repository: string,
  digest: string,
  bytes: Buffer,
  auth?: PushAuth,
): Promise<void> {
  const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, {
    method: "POST",
    headers: headers(auth),
  });
  await start.body?.cancel();
  const location = start.headers.get("location");
  if (start.status !== 202 || location === null)
    throw new Error(`blob upload start: HTTP ${start.status}`);
  const url = new URL(location, `http://${host}`);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, {
    method: "PUT",
    headers: headers(auth, { "content-type": "application/octet-stream" }),
    body: bytes,
  });
  await put.body?.cancel();
  if (put.status !== 201) throw new Error(`blob upload ${digest}: HTTP ${put.status}`);
}

/** PUTs a manifest or index under `reference` (a tag or its digest). */
export async function pushManifest(
  host: string,
  repository: string,
  reference: string,
  body: Buffer,
  mediaType: string,
  auth?: PushAuth,
): Promise<void> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: "PUT",
    headers: headers(auth, { "content-type": mediaType }),
    body,
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`manifest ${reference}: HTTP ${response.status} ${text}`);
}

/** Pushes every blob of `image` and its manifest as `tag`. */
export async function pushImage(
  host: string,
  repository: string,
  tag: string,
  image: TestImage,
  auth?: PushAuth,
): Promise<void> {
  for (const [digest, bytes] of image.blobs) await pushBlob(host, repository, digest, bytes, auth);
  await pushManifest(host, repository, tag, image.manifest, image.mediaType, auth);
}
