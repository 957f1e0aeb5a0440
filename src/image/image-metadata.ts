import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { imageMetadataPath, nameRecordPath } from "./image-store-paths.js";
import { parsePackageList, parseRecipe, type ImageRecipe } from "./image-recipe.js";

/** `images/<id>/image.json`: what the image is, written once when its build succeeds. */
export interface ImageMetadata {
  readonly id: string;
  readonly recipe: ImageRecipe;
  /** ISO 8601 time the build finished. */
  readonly createdAt: string;
  /** Apparent size of rootfs/ in bytes. */
  readonly sizeBytes: number;
  /** Packages dpkg records as installed. */
  readonly packageCount: number;
  /** How long mmdebstrap and the sanitising took, in ms. */
  readonly buildMs: number;
}

/** `images/names/<name>.json`: which image a name points at and what the user added to it. */
export interface NameRecord {
  readonly id: string;
  /** Packages added with `--packages` on top of the default set, kept for the next build. */
  readonly extraPackages: readonly string[];
}

/** Writes JSON through a temporary file and rename, so a reader never sees half a file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 });
    await rename(tmp, path);
  } catch (error: unknown) {
    await rm(tmp, { force: true });
    throw error;
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** The image's metadata; undefined when the image does not exist (or its image.json is damaged). */
export async function readImageMetadata(id: string): Promise<ImageMetadata | undefined> {
  const value = await readJson(imageMetadataPath(id));
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const recipe = parseRecipe(v["recipe"]);
  if (
    v["id"] !== id ||
    recipe === undefined ||
    typeof v["createdAt"] !== "string" ||
    typeof v["sizeBytes"] !== "number" ||
    typeof v["packageCount"] !== "number"
  ) {
    return undefined;
  }
  return {
    id,
    recipe,
    createdAt: v["createdAt"],
    sizeBytes: v["sizeBytes"],
    packageCount: v["packageCount"],
    buildMs: typeof v["buildMs"] === "number" ? v["buildMs"] : 0,
  };
}

/** The name's record; undefined when the name does not exist or its record is damaged. */
export async function readNameRecord(name: string): Promise<NameRecord | undefined> {
  const value = await readJson(nameRecordPath(name));
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const id = v["id"];
  if (typeof id !== "string" || !/^[0-9a-f]{64}$/.test(id)) return undefined;
  const extra = v["extraPackages"];
  const extraPackages =
    Array.isArray(extra) && extra.every((p): p is string => typeof p === "string")
      ? parsePackageList(extra.join(","))
      : [];
  return { id, extraPackages };
}

export async function writeNameRecord(name: string, record: NameRecord): Promise<void> {
  await writeJsonAtomic(nameRecordPath(name), record);
}
