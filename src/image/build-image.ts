import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../core/airlock-error.js";
import { countInstalledPackages } from "./dpkg-status.js";
import { readHostAptDefaults, type HostAptDefaults } from "./host-apt-config.host.js";
import {
  imageDir,
  imageMetadataPath,
  imageRootfs,
  imagesDir,
  namesDir,
  tmpDirName,
  tmpDirPattern,
} from "./image-store-paths.js";
import {
  readImageMetadata,
  readNameRecord,
  writeJsonAtomic,
  writeNameRecord,
  type ImageMetadata,
} from "./image-metadata.js";
import { validateImageName } from "./image-name.js";
import { readNetworkLimit, writeNetworkLimit } from "./image-network-limit.js";
import {
  canonicalPackages,
  defaultPackages,
  defaultSuite,
  makeRecipe,
  recipeId,
  type ImageRecipe,
} from "./image-recipe.js";
import type { ResolvedImage } from "./image-ref.js";
import { noImageUsage, type ImageUsage } from "./image-usage.js";
import { runMmdebstrap } from "./mmdebstrap.host.js";
import { isPathInAnyCommandLine, isPidAlive } from "./process-alive.js";
import { removeTree } from "./remove-tree.host.js";
import { sanitiseRootfs } from "./sanitise-rootfs.host.js";
import { withStoreLock } from "./store-lock.js";
import { treeSizeBytes } from "./tree-size.js";

export interface BuildOptions {
  /** Packages to add to the image's recipe; remembered for the name's next build. */
  readonly extraPackages?: readonly string[];
  /** Build again even when an image with the same recipe exists (it must not be in use). */
  readonly force?: boolean;
  /** Replaces the default package set (tests and programmatic callers; the CLI never does). */
  readonly basePackages?: readonly string[];
  /** Replaces the mirror and apt options read from this host's apt configuration. */
  readonly hostDefaults?: HostAptDefaults;
  /** Decides whether `force` may replace an existing image. */
  readonly usage?: ImageUsage;
  /** One line per phase, for a person watching. */
  readonly onProgress?: (line: string) => void;
  /** mmdebstrap's whole output after a successful run (for --verbose). */
  readonly onBuildLog?: (log: string) => void;
}

export interface BuildResult {
  readonly name: string;
  /** False when an image with the same recipe existed already (nothing was built). */
  readonly built: boolean;
  readonly image: ResolvedImage;
  readonly metadata: ImageMetadata;
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}

/** The recipe `airlock image build NAME` would build now, and the packages the name keeps. */
export async function recipeFor(
  name: string,
  options: Pick<BuildOptions, "extraPackages" | "basePackages" | "hostDefaults"> = {},
): Promise<{ recipe: ImageRecipe; extraPackages: string[] }> {
  validateImageName(name);
  const previous = await readNameRecord(name);
  const extraPackages = canonicalPackages([
    ...(previous?.extraPackages ?? []),
    ...(options.extraPackages ?? []),
  ]);
  const host = options.hostDefaults ?? (await readHostAptDefaults(defaultSuite));
  const recipe = makeRecipe({
    packages: [...(options.basePackages ?? defaultPackages), ...extraPackages],
    mirror: host.mirror,
    securityMirror: host.securityMirror,
    aptOptions: host.aptOptions,
  });
  return { recipe, extraPackages };
}

/**
 * Builds the image NAME (or finds it up to date) and points the name at it. The build runs in
 * `images/.tmp-<pid>-<random>/` and is renamed into `images/<id>/` only when it succeeded;
 * a failed build leaves nothing behind.
 */
export async function buildImage(name: string, options: BuildOptions = {}): Promise<BuildResult> {
  const progress = options.onProgress ?? (() => {});
  const usage = options.usage ?? noImageUsage;
  const { recipe, extraPackages } = await recipeFor(name, options);
  const id = recipeId(recipe);
  if (process.getuid?.() !== 0) {
    throw new AirlockError("AIRLOCK_E_NOT_ROOT", `building image ${name} needs root`, {
      fix: "run it as root (e.g. `sudo airlock image build`): the image's files must be owned by root",
    });
  }
  await mkdir(namesDir(), { recursive: true, mode: 0o755 });

  if (options.force !== true) {
    const existing = await withStoreLock(async () => {
      const metadata = await presentImage(id);
      if (metadata !== undefined) await pointName(name, id, extraPackages);
      return metadata;
    });
    if (existing !== undefined) {
      return { name, built: false, image: await resolvedImage(id), metadata: existing };
    }
  } else if ((await presentImage(id)) !== undefined && (await usage.isInUse(id))) {
    throw inUseError(name, id);
  }

  const started = Date.now();
  const security = recipe.securityMirror === null ? "" : ` and ${recipe.securityMirror}`;
  progress(
    `image ${name}: recipe ${shortId(id)}: Debian ${recipe.suite} ${recipe.variant} + ` +
      `${recipe.packages.length} packages from ${recipe.mirror}${security}`,
  );
  for (const warning of (await removeStaleTmpDirs()).warnings)
    progress(`image ${name}: warning: ${warning}`);

  const tmp = join(imagesDir(), tmpDirName(process.pid, randomBytes(6).toString("hex")));
  // Traversable (not 0700): apt drops to the _apt user for downloads only when it can reach
  // the chroot's directories; a build is unusable anyway until it is renamed into place.
  await mkdir(tmp, { mode: 0o755 });
  const leftovers: string[] = [];
  try {
    progress(
      `image ${name}: running mmdebstrap (download and install ${recipe.packages.length} packages)`,
    );
    const rootfs = join(tmp, "rootfs");
    const log = await runMmdebstrap(recipe, rootfs, name);
    options.onBuildLog?.(log);

    progress(
      `image ${name}: removing host facts (resolv.conf, hostname, machine-id, logs, apt caches)`,
    );
    await sanitiseRootfs(rootfs);

    progress(`image ${name}: measuring`);
    const status = await readFile(join(rootfs, "var/lib/dpkg/status"), "utf8");
    const metadata: ImageMetadata = {
      id,
      recipe,
      createdAt: new Date().toISOString(),
      sizeBytes: await treeSizeBytes(rootfs),
      packageCount: countInstalledPackages(status),
      buildMs: Date.now() - started,
    };
    await writeJsonAtomic(join(tmp, "image.json"), metadata);

    progress(`image ${name}: storing as ${shortId(id)}`);
    const stored = await withStoreLock(async () => {
      const present = await presentImage(id);
      if (present !== undefined && options.force !== true) {
        // Another build of the same recipe finished first: keep that one, drop ours.
        leftovers.push(tmp);
        await pointName(name, id, extraPackages);
        return present;
      }
      if (existsSync(imageDir(id))) {
        if (await usage.isInUse(id)) throw inUseError(name, id);
        const old = join(imagesDir(), tmpDirName(process.pid, randomBytes(6).toString("hex")));
        await rename(imageDir(id), old);
        leftovers.push(old);
      }
      await rename(tmp, imageDir(id));
      await pointName(name, id, extraPackages);
      return metadata;
    });
    return { name, built: stored === metadata, image: await resolvedImage(id), metadata: stored };
  } catch (error: unknown) {
    if (!leftovers.includes(tmp)) leftovers.push(tmp);
    throw error;
  } finally {
    for (const dir of leftovers) {
      // Best effort: a leftover that cannot go now is removed by the next build or gc.
      await removeTree(dir).catch((error: unknown) => {
        progress(`image ${name}: warning: could not remove ${dir}: ${String(error)}`);
      });
    }
  }
}

function inUseError(name: string, id: string): AirlockError {
  return new AirlockError(
    "AIRLOCK_E_IMAGE_IN_USE",
    `image ${name} (${shortId(id)}) is used by a running sandbox`,
    {
      fix: "wait for its jobs to end, then run the build with --force again",
    },
  );
}

/** The image's metadata when both its image.json and its rootfs are there. */
export async function presentImage(id: string): Promise<ImageMetadata | undefined> {
  if (!existsSync(imageRootfs(id)) || !existsSync(imageMetadataPath(id))) return undefined;
  return readImageMetadata(id);
}

/** Every name in the store with the id it points at. */
export async function readNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let files: string[];
  try {
    files = await readdir(namesDir());
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return names;
    throw error;
  }
  for (const file of files.sort()) {
    if (!file.endsWith(".json")) continue;
    const name = file.slice(0, -".json".length);
    const record = await readNameRecord(name);
    if (record !== undefined) names.set(name, record.id);
  }
  return names;
}

/**
 * Points NAME at `id`. A rebuild that moves the name to a new image carries the old image's
 * network limit along (and never loosens one the new id already has).
 */
async function pointName(name: string, id: string, extraPackages: string[]): Promise<void> {
  const previous = await readNameRecord(name);
  await writeNameRecord(name, { id, extraPackages });
  if (previous === undefined || previous.id === id) return;
  const limit = await readNetworkLimit(previous.id).catch(() => undefined);
  if (limit !== undefined && (await readNetworkLimit(id)) === undefined) {
    await writeNetworkLimit(id, limit);
  }
}

export async function resolvedImage(id: string): Promise<ResolvedImage> {
  const names = [...(await readNames())]
    .filter(([, target]) => target === id)
    .map(([name]) => name);
  return { id, names, rootfs: imageRootfs(id), networkLimit: await readNetworkLimit(id) };
}

/**
 * Removes `.tmp-<pid>-*` directories whose owner process is dead (a killed build or removal)
 * and that no running process (an orphaned mmdebstrap) names on its command line.
 * Returns what it removed and a warning per directory it could not remove.
 */
export async function removeStaleTmpDirs(): Promise<{ removed: string[]; warnings: string[] }> {
  const removed: string[] = [];
  const warnings: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(imagesDir());
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { removed, warnings };
    throw error;
  }
  for (const entry of entries) {
    const pid = Number(tmpDirPattern.exec(entry)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || pid === process.pid || isPidAlive(pid)) continue;
    const dir = join(imagesDir(), entry);
    if (await isPathInAnyCommandLine(dir)) {
      warnings.push(
        `${entry} is left by a dead build whose mmdebstrap still runs; removed once it ends`,
      );
      continue;
    }
    try {
      await removeTree(dir);
      removed.push(entry);
    } catch (error: unknown) {
      warnings.push(`could not remove the stale build directory ${entry}: ${String(error)}`);
    }
  }
  return { removed, warnings };
}
