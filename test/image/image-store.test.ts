import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AirlockError } from "../../src/core/airlock-error.js";
import { readHostAptDefaults } from "../../src/image/host-apt-config.host.js";
import { defaultSuite } from "../../src/image/image-recipe.js";
import {
  buildImage,
  collectGarbage,
  ensureImage,
  listImages,
  removeImageName,
  resolveImage,
  type BuildOptions,
} from "../../src/image/image-store.js";
import { noImageUsage, type ImageUsage } from "../../src/image/image-usage.js";

/**
 * The image store against the real mmdebstrap and Debian mirror, in a temporary state
 * directory. Needs root (the rootfs is owned by host root) and network to the mirror.
 */
async function missingFeature(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "needs root (mmdebstrap builds root-owned image trees)";
  if (!existsSync("/usr/bin/mmdebstrap")) return "needs mmdebstrap (apt-get install mmdebstrap)";
  const { mirror } = await readHostAptDefaults(defaultSuite);
  try {
    const response = await fetch(`${mirror}/dists/${defaultSuite}/InRelease`, {
      method: "HEAD",
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) return `needs the Debian mirror ${mirror} (HTTP ${response.status})`;
  } catch (error: unknown) {
    return `needs network to the Debian mirror ${mirror} (${String(error)})`;
  }
  return undefined;
}

const skipReason = await missingFeature();
if (skipReason !== undefined) console.warn(`SKIP image store integration: ${skipReason}`);

// minbase only (essential packages and apt): the smallest image mmdebstrap builds.
const minimal: BuildOptions = { basePackages: [] };
const inUse = (ids: readonly string[]): ImageUsage => ({
  isInUse: (id) => Promise.resolve(ids.includes(id)),
});

describe.skipIf(skipReason !== undefined)("image store (mmdebstrap, root, network)", () => {
  let state: string;
  const previousStateDir = process.env["AIRLOCK_STATE_DIR"];
  const images = (): string => join(state, "images");
  const storeEntries = (): string[] =>
    readdirSync(images())
      .filter((e) => e !== "names")
      .sort();

  beforeAll(() => {
    mkdirSync("/var/tmp", { recursive: true });
    state = mkdtempSync("/var/tmp/airlock-image-test-");
    process.env["AIRLOCK_STATE_DIR"] = state;
  });

  afterAll(() => {
    if (previousStateDir === undefined) delete process.env["AIRLOCK_STATE_DIR"];
    else process.env["AIRLOCK_STATE_DIR"] = previousStateDir;
    rmSync(state, { recursive: true, force: true });
  });

  let miniId = "";

  it("builds a minimal image, stores it by content address and sanitises host facts", async () => {
    const progress: string[] = [];
    const started = Date.now();
    const result = await buildImage("mini", {
      ...minimal,
      onProgress: (line) => progress.push(line),
    });
    console.log(
      `built minimal image in ${Date.now() - started} ms: ${result.metadata.sizeBytes} bytes`,
    );
    miniId = result.image.id;

    expect(result.built).toBe(true);
    expect(miniId).toMatch(/^[0-9a-f]{64}$/);
    expect(result.image).toEqual({
      id: miniId,
      names: ["mini"],
      rootfs: join(images(), miniId, "rootfs"),
    });
    expect(progress.some((line) => line.includes("running mmdebstrap"))).toBe(true);
    expect(storeEntries()).toEqual([miniId]);
    expect(JSON.parse(readFileSync(join(images(), "names", "mini.json"), "utf8"))).toEqual({
      id: miniId,
      extraPackages: [],
    });
    const metadata = JSON.parse(
      readFileSync(join(images(), miniId, "image.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(metadata["id"]).toBe(miniId);
    expect(metadata["packageCount"]).toBeGreaterThan(50);
    expect(metadata["sizeBytes"]).toBeGreaterThan(50 * 1024 * 1024);

    const rootfs = result.image.rootfs;
    const file = (path: string): string => readFileSync(join(rootfs, path), "utf8");
    expect(statSync(rootfs).uid).toBe(0);
    expect(statSync(join(rootfs, "usr/bin/bash")).uid).toBe(0);
    expect(lstatSync(join(rootfs, "etc/resolv.conf")).isFile()).toBe(true);
    expect(file("etc/resolv.conf")).not.toMatch(/nameserver|search|domain/);
    if (existsSync("/etc/resolv.conf"))
      expect(file("etc/resolv.conf")).not.toBe(readFileSync("/etc/resolv.conf", "utf8"));
    expect(file("etc/hostname")).toBe("airlock\n");
    expect(file("etc/machine-id")).toBe("");
    expect(existsSync(join(rootfs, "var/lib/dbus/machine-id"))).toBe(false);
    expect(existsSync(join(rootfs, "etc/apt/apt.conf.d/99mmdebstrap"))).toBe(false);
    expect(readdirSync(join(rootfs, "var/lib/apt/lists"))).toEqual([]);
    const hostNames = file("etc/hosts")
      .split("\n")
      .filter((line) => line.trim().length > 0)
      .flatMap((line) => line.split(/\s+/).slice(1));
    expect(
      hostNames.every((n) => n === "localhost" || n === "airlock" || n.startsWith("ip6-")),
    ).toBe(true);
  });

  it("does not rebuild the same recipe", async () => {
    const started = Date.now();
    const again = await buildImage("mini", minimal);
    const elapsed = Date.now() - started;
    console.log(`up-to-date check took ${elapsed} ms`);
    expect(again.built).toBe(false);
    expect(again.image.id).toBe(miniId);
    expect(elapsed).toBeLessThan(10_000);
    expect(await ensureImage("mini", [], minimal)).toEqual(again.image);
  });

  it("resolves by name, full id and id prefix, and says how to build a missing image", async () => {
    const expected = { id: miniId, names: ["mini"], rootfs: join(images(), miniId, "rootfs") };
    expect(await resolveImage("mini")).toEqual(expected);
    expect(await resolveImage(miniId)).toEqual(expected);
    expect(await resolveImage(miniId.slice(0, 12))).toEqual(expected);
    await expect(resolveImage(miniId.slice(0, 11))).rejects.toMatchObject({
      code: "AIRLOCK_E_IMAGE_NOT_FOUND",
    });
    await expect(resolveImage("nope")).rejects.toMatchObject({
      code: "AIRLOCK_E_IMAGE_NOT_FOUND",
      fix: "run `airlock image build nope`",
    });
  });

  let helloId = "";

  it("adds packages: a new id, remembered by the name; ls lists both", async () => {
    const result = await buildImage("mini-hello", { ...minimal, extraPackages: ["hello"] });
    helloId = result.image.id;
    expect(result.built).toBe(true);
    expect(helloId).not.toBe(miniId);
    expect(existsSync(join(result.image.rootfs, "usr/bin/hello"))).toBe(true);
    // The name remembers its packages: building it again without --packages is up to date.
    expect((await buildImage("mini-hello", minimal)).built).toBe(false);
    expect((await ensureImage("mini-hello", ["hello"], minimal)).id).toBe(helloId);

    const listed = await listImages();
    expect(listed.map((i) => [i.names, i.id])).toEqual([
      [["mini"], miniId],
      [["mini-hello"], helloId],
    ]);
    expect(listed[1]?.recipe?.packages).toContain("hello");
  });

  it("rm removes the name only; gc keeps named and in-use images and removes the rest", async () => {
    const removed = await removeImageName("mini-hello");
    expect(removed).toEqual({ name: "mini-hello", id: helloId, pruned: false });
    expect((await listImages()).map((i) => i.names)).toEqual([["mini"], []]);
    await expect(resolveImage("mini-hello")).rejects.toMatchObject({
      code: "AIRLOCK_E_IMAGE_NOT_FOUND",
    });
    expect((await resolveImage(helloId)).names).toEqual([]);

    const kept = await collectGarbage(inUse([helloId]));
    expect(kept.removed).toEqual([]);
    expect(kept.kept).toEqual([{ id: helloId, reason: "a running sandbox uses it" }]);

    mkdirSync(join(images(), ".tmp-4206649-dead"), { recursive: true });
    const gc = await collectGarbage(noImageUsage);
    expect(gc.removed.map((r) => r.id)).toEqual([helloId]);
    expect(gc.staleRemoved).toBe(1);
    expect(storeEntries()).toEqual([miniId]);
    expect((await resolveImage("mini")).id).toBe(miniId);
  });

  it("a failed build names the missing package and leaves nothing behind", async () => {
    const before = storeEntries();
    const error: unknown = await buildImage("broken", {
      ...minimal,
      extraPackages: ["airlock-no-such-package"],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirlockError);
    const e = error as AirlockError;
    expect(e.code).toBe("AIRLOCK_E_IMAGE_BUILD_FAILED");
    expect(e.message).toContain('package "airlock-no-such-package" does not exist');
    expect(e.message).toContain("E: Unable to locate package airlock-no-such-package");
    expect(e.fix).toContain("airlock image build broken");
    expect(storeEntries()).toEqual(before);
    expect(existsSync(join(images(), "names", "broken.json"))).toBe(false);
  });

  it("rm --prune removes an unused image at once, but not one in use", async () => {
    await buildImage("mini2", minimal); // a second name for the same image
    expect(await removeImageName("mini2", { prune: true, usage: noImageUsage })).toEqual({
      name: "mini2",
      id: miniId,
      pruned: false,
      keptBecause: "other names point at it",
    });
    expect(await removeImageName("mini", { prune: true, usage: inUse([miniId]) })).toMatchObject({
      pruned: false,
      keptBecause: "a running sandbox uses it",
    });
    await buildImage("mini", minimal);
    expect(await removeImageName("mini", { prune: true, usage: noImageUsage })).toEqual({
      name: "mini",
      id: miniId,
      pruned: true,
    });
    expect(storeEntries()).toEqual([]);
    await expect(removeImageName("mini")).rejects.toMatchObject({
      code: "AIRLOCK_E_IMAGE_NOT_FOUND",
    });
  });
});
