import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collectGarbage, listImages, removeImageName } from "../../../src/image/image-store.js";
import { noImageUsage } from "../../../src/image/image-usage.js";
import { canPull } from "../../../src/image/oci/can-pull.js";
import { findPulledImage } from "../../../src/image/oci/find-pulled-image.js";
import { hostPlatform } from "../../../src/image/oci/host-platform.js";
import { readPulledMetadata } from "../../../src/image/oci/pulled-image-record.js";
import { pullImage } from "../../../src/image/oci/pull-image.js";
import { makeTar } from "./make-tar.js";
import { makeImage, makeIndex } from "./make-image.js";
import { pushImage, pushManifest } from "./push-image.js";
import {
  airlockErrorOf,
  registrySkipReason,
  testLogin,
  useRegistryStore,
} from "./registry-fixture.js";
import { reportSkip } from "../../support/host-features.js";
import { registryBlobData, type RegistryServer } from "./registry-server.host.js";

/**
 * Pulls from real Debian `docker-registry` instances on loopback (one open, one with
 * htpasswd Basic auth), into a temporary image store. Images are made here from tars
 * written byte by byte and pushed with our own v2 upload code: no network beyond 127.0.0.1.
 */
const skipReason = registrySkipReason();
reportSkip("registry pull", skipReason);

const good = testLogin;
const wrong = { username: "ci", password: "guess" };

const base = [
  { name: "./", type: "dir" as const },
  { name: "etc/", type: "dir" as const },
  { name: "etc/os-release", content: "ID=test\n" },
  { name: "etc/old.conf", content: "old\n" },
  { name: "opt/cache/", type: "dir" as const },
  { name: "opt/cache/lower-a", content: "a" },
  { name: "opt/cache/lower-b", content: "b" },
  { name: "bin/", type: "dir" as const },
  { name: "bin/tool", content: "#!/bin/sh\necho hi\n", mode: 0o755 },
  { name: "bin/tool-link", type: "symlink" as const, linkName: "tool" },
  { name: "bin/tool-hard", type: "hardlink" as const, linkName: "bin/tool" },
  { name: "home/user/", type: "dir" as const, uid: 1000, gid: 1000, mode: 0o700 },
  { name: "home/user/notes", content: "mine", uid: 1000, gid: 1000, mode: 0o600 },
];
const top = [
  { name: "etc/.wh.old.conf" },
  { name: "opt/cache/", type: "dir" as const },
  { name: "opt/cache/.wh..wh..opq" },
  { name: "opt/cache/upper", content: "u" },
  { name: "etc/new.conf", content: "new\n" },
];
const config = {
  Entrypoint: ["/bin/tool"],
  Cmd: ["--help"],
  Env: ["PATH=/usr/bin:/bin", "MODE=test"],
  WorkingDir: "/home/user",
  User: "1000:1000",
};

describe.skipIf(skipReason !== undefined)("pulling OCI images from docker-registry", () => {
  const store = useRegistryStore("airlock-registry-test-");
  let state = "";
  let open: RegistryServer;
  let closed: RegistryServer;
  const app = makeImage([base, top], config);
  const blobsDir = (): string => join(state, "images/blobs/sha256");
  const rootfsOf = (id: string): string => join(state, "images", id, "rootfs");
  const errorOf = airlockErrorOf;

  beforeAll(async () => {
    ({ state, open, closed } = store());
    await pushImage(open.host, "team/app", "1", app);
    await pushImage(closed.host, "secret/app", "1", app, good);
  });

  it("pulls by tag: layers unpacked with whiteouts, opaque dirs, links, modes and owners", async () => {
    const result = await pullImage(`${open.host}/team/app:1`);
    expect(result.digest).toBe(app.manifestDigest);
    expect(result.downloaded).toBe(true);
    expect(result.image.id).toBe(app.manifestDigest.slice(7));
    expect(result.image.names).toEqual([`${open.host}/team/app:1`]);
    const root = result.image.rootfs;
    expect(root).toBe(rootfsOf(result.image.id));
    expect(readFileSync(join(root, "etc/os-release"), "utf8")).toBe("ID=test\n");
    expect(existsSync(join(root, "etc/old.conf"))).toBe(false);
    expect(readFileSync(join(root, "etc/new.conf"), "utf8")).toBe("new\n");
    expect(readdirSync(join(root, "opt/cache"))).toEqual(["upper"]);
    expect(readlinkSync(join(root, "bin/tool-link"))).toBe("tool");
    expect(statSync(join(root, "bin/tool-hard")).ino).toBe(statSync(join(root, "bin/tool")).ino);
    expect(statSync(join(root, "bin/tool")).mode & 0o7777).toBe(0o755);
    const notes = statSync(join(root, "home/user/notes"));
    expect([notes.uid, notes.gid, notes.mode & 0o777]).toEqual([1000, 1000, 0o600]);
    expect(statSync(join(state, "images", result.image.id)).mode & 0o777).toBe(0o700);
    expect(result.config).toEqual({
      entrypoint: ["/bin/tool"],
      cmd: ["--help"],
      env: ["PATH=/usr/bin:/bin", "MODE=test"],
      workingDir: "/home/user",
      user: "1000:1000",
      exposedPorts: [],
      os: "linux",
      architecture: "amd64",
    });
    expect((await readPulledMetadata(result.image.id))?.config).toEqual(result.config);
    const listed = await listImages();
    expect(listed.map((i) => [i.source, i.names, i.id])).toEqual([
      ["pull", [`${open.host}/team/app:1`], result.image.id],
    ]);
  });

  it("pulls by digest into the same store entry without downloading again", async () => {
    const before = readdirSync(blobsDir()).sort();
    const result = await pullImage(`${open.host}/team/app@${app.manifestDigest}`);
    expect(result.downloaded).toBe(false);
    expect(result.image.id).toBe(app.manifestDigest.slice(7));
    expect(result.image.names).toEqual([
      `${open.host}/team/app:1`,
      `${open.host}/team/app@${app.manifestDigest}`,
    ]);
    expect(readdirSync(blobsDir()).sort()).toEqual(before);
  });

  it("shares layers by digest across images", async () => {
    const other = makeImage([base, [{ name: "extra", content: "x" }]]);
    await pushImage(open.host, "team/other", "1", other);
    const before = new Set(readdirSync(blobsDir()));
    await pullImage(`${open.host}/team/other:1`);
    const added = readdirSync(blobsDir()).filter((b) => !before.has(b));
    // manifest, config and the one new layer; the base layer was already there
    expect(added.sort()).toEqual(
      [other.manifestDigest, ...other.blobs.keys()]
        .map((d) => d.slice(7))
        .filter((hex) => !before.has(hex))
        .sort(),
    );
    expect(added).toHaveLength(3);
    expect(before.has(other.layerDigests[0]?.slice(7) ?? "")).toBe(true);
  });

  it("pulls a private image only with the right credentials; the cache does not help", async () => {
    const ref = `${closed.host}/secret/app:1`;
    const anonymous = await errorOf(pullImage(ref));
    expect(anonymous.code).toBe("AIRLOCK_E_IMAGE_PULL_DENIED");
    expect(anonymous.message).toContain(ref);
    expect(anonymous.fix).toContain("credentials");
    const denied = await errorOf(pullImage(ref, { credentials: wrong }));
    expect(denied.code).toBe("AIRLOCK_E_IMAGE_PULL_DENIED");
    expect(denied.message).toMatch(/HTTP 401/);
    expect(denied.fix).toContain("user and password");

    expect(await findPulledImage(ref)).toBeUndefined();
    const pulled = await pullImage(ref, { credentials: good });
    expect(pulled.image.id).toBe(app.manifestDigest.slice(7));
    expect(await findPulledImage(ref)).toEqual({
      image: pulled.image,
      config: pulled.config,
      digest: app.manifestDigest,
    });
    // The same image is in the store now, yet wrong or missing credentials still fail.
    expect((await errorOf(pullImage(ref, { credentials: wrong }))).code).toBe(
      "AIRLOCK_E_IMAGE_PULL_DENIED",
    );
    expect(await canPull(ref, { credentials: good })).toEqual({
      allowed: true,
      digest: app.manifestDigest,
    });
    const refused = await canPull(ref, { credentials: wrong });
    expect(refused).toMatchObject({ allowed: false, denied: true });
    expect(await canPull(ref)).toMatchObject({ allowed: false, denied: true });
    expect(await canPull(`${closed.host}/secret/missing:1`, { credentials: good })).toMatchObject({
      allowed: false,
      denied: false,
    });
    expect(await canPull(`${open.host}/team/app:1`)).toEqual({
      allowed: true,
      digest: app.manifestDigest,
    });
  });

  it("picks the host's platform from a multi-arch index", async () => {
    const amd64 = makeImage(
      [[{ name: "arch", content: "amd64" }]],
      {},
      { os: "linux", architecture: "amd64" },
    );
    const arm64 = makeImage(
      [[{ name: "arch", content: "arm64" }]],
      {},
      { os: "linux", architecture: "arm64" },
    );
    for (const image of [amd64, arm64]) {
      await pushImage(open.host, "team/multi", image.manifestDigest, image);
    }
    const index = makeIndex([
      { image: arm64, architecture: "arm64" },
      { image: amd64, architecture: "amd64" },
    ]);
    await pushManifest(open.host, "team/multi", "1", index.body, index.mediaType);
    const host = await pullImage(`${open.host}/team/multi:1`);
    const arch = hostPlatform().architecture;
    expect(readFileSync(join(host.image.rootfs, "arch"), "utf8")).toBe(arch);
    const other = arch === "arm64" ? "amd64" : "arm64";
    const cross = await pullImage(`${open.host}/team/multi:1`, {
      platform: { os: "linux", architecture: other },
    });
    expect(readFileSync(join(cross.image.rootfs, "arch"), "utf8")).toBe(other);
    const none = await errorOf(
      pullImage(`${open.host}/team/multi:1`, { platform: { os: "linux", architecture: "s390x" } }),
    );
    expect(none.code).toBe("AIRLOCK_E_IMAGE_PULL_FAILED");
    expect(none.message).toContain("linux/arm64, linux/amd64");
    // A single-platform manifest of the other architecture: its config says so, refused.
    const single = other === "arm64" ? arm64 : amd64;
    await pushImage(open.host, "team/single", "1", single);
    const wrongArch = await errorOf(pullImage(`${open.host}/team/single:1`));
    expect(wrongArch.code).toBe("AIRLOCK_E_IMAGE_PULL_FAILED");
    expect(wrongArch.message).toContain(`the image is built for linux/${other}, not linux/${arch}`);
    // (the store has it, pulled for that platform above, but the reference is not recorded)
    expect(await findPulledImage(`${open.host}/team/single:1`)).toBeUndefined();
  });

  it("refuses a blob that does not match its digest and stores nothing of it", async () => {
    const image = makeImage([[{ name: "data", content: "original".repeat(100) }]]);
    await pushImage(open.host, "team/tampered", "1", image);
    const layer = image.layerDigests[0] ?? "";
    const data = registryBlobData(open, layer);
    const bytes = readFileSync(data);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(data, bytes);
    const error = await errorOf(pullImage(`${open.host}/team/tampered:1`));
    expect(error.code).toBe("AIRLOCK_E_IMAGE_REJECTED");
    expect(error.message).toContain(layer);
    expect(existsSync(join(blobsDir(), layer.slice(7)))).toBe(false);
    expect(existsSync(join(state, "images", image.manifestDigest.slice(7)))).toBe(false);
    expect(readdirSync(join(state, "images")).filter((e) => e.startsWith(".tmp-"))).toEqual([]);
  });

  it("refuses a layer with an entry escaping the root, and keeps planted symlinks inside", async () => {
    const marker = join(state, "escaped");
    const escaping = makeImage([
      makeTar([{ name: `../../../../../../../..${marker}`, content: "pwned" }]),
    ]);
    await pushImage(open.host, "team/escape", "1", escaping);
    const error = await errorOf(pullImage(`${open.host}/team/escape:1`));
    expect(error.code).toBe("AIRLOCK_E_IMAGE_REJECTED");
    expect(error.message).toMatch(/escapes the root/);
    expect(existsSync(marker)).toBe(false);

    const outside = join(state, "outside");
    mkdirSync(outside);
    const planted = makeImage([
      [{ name: "evil", type: "symlink", linkName: outside }],
      [{ name: "evil/pwned", content: "pwned" }],
    ]);
    await pushImage(open.host, "team/planted", "1", planted);
    const result = await pullImage(`${open.host}/team/planted:1`);
    expect(readdirSync(outside)).toEqual([]);
    expect(readFileSync(join(result.image.rootfs, outside, "pwned"), "utf8")).toBe("pwned");
    expect(lstatSync(join(result.image.rootfs, "evil")).isSymbolicLink()).toBe(true);
  });

  it("image rm REF and gc remove pulled images and the blobs only they used", async () => {
    const other = `${open.host}/team/other:1`;
    const otherId = (await pullImage(other)).image.id;
    const result = await removeImageName(other);
    expect(result).toEqual({ name: other, id: otherId, pruned: false });
    const gc = await collectGarbage(noImageUsage);
    expect(gc.removed.map((r) => r.id)).toContain(otherId);
    expect(existsSync(join(state, "images", otherId))).toBe(false);
    expect(gc.blobs.removed).toBeGreaterThanOrEqual(3);
    // The shared base layer stays: team/app still uses it.
    expect(existsSync(join(blobsDir(), app.layerDigests[0]?.slice(7) ?? ""))).toBe(true);
    const appPull = await pullImage(`${open.host}/team/app:1`);
    expect(appPull.downloaded).toBe(false);
  });
});
