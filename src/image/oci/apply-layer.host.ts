import { constants } from "node:fs";
import type { Stats } from "node:fs";
import {
  chmod,
  chown,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  open,
  readdir,
  rm,
  symlink,
  unlink,
} from "node:fs/promises";
import { join, relative } from "node:path";
import { entryComponents } from "./entry-components.js";
import { resolveDirInRoot, UnsafePathError } from "./resolve-in-root.js";
import { readTar, type TarEntry } from "./tar-reader.js";

/**
 * Why airlock unpacks layers itself rather than with umoci: one less host tool for both
 * backends, and every rule below is ours to test. It is at least as careful as umoci's
 * securejoin-based unpacker:
 *  - entry names and hard link targets are cleaned lexically; a `..` above the root is refused;
 *  - parent directories are resolved with resolveDirInRoot (symlinks followed *inside* the
 *    rootfs only, as the image would see them), so a symlink planted by an earlier entry or
 *    layer can never lead outside;
 *  - the last component is never followed: whatever is there is removed first, files are
 *    created with O_EXCL|O_NOFOLLOW, owners and modes are set on what was just created;
 *  - hard links point only at non-directories inside the rootfs (link(2) does not follow);
 *  - device nodes and FIFOs are skipped (the sandbox has its own /dev), xattrs (file
 *    capabilities) are not applied, and the unpacked size is bounded.
 * Whiteouts follow the OCI layer spec: `.wh.NAME` hides NAME and `.wh..wh..opq` hides what
 * lower layers put in its directory; both apply to lower layers only, after the layer's
 * entries, resolved again then (an entry of the same layer may have changed the path).
 * Precondition: `rootfs` is a private directory nobody else writes while this runs.
 */
export interface ApplyLayerOptions {
  /** Set owners from the archive (needs root); otherwise files belong to the caller. */
  readonly preserveOwners: boolean;
  /** Stop with an error when the layer's files exceed this many bytes. */
  readonly maxBytes: number;
}

export interface ApplyLayerResult {
  readonly entries: number;
  readonly bytes: number;
  /** Device nodes and FIFOs that were not created. */
  readonly skipped: readonly string[];
}

export async function applyLayer(
  rootfs: string,
  tar: AsyncIterable<Uint8Array>,
  options: ApplyLayerOptions,
): Promise<ApplyLayerResult> {
  const touched = new Set<string>([""]);
  const whiteouts: { dir: string[]; name: string | undefined }[] = [];
  const skipped: string[] = [];
  let entries = 0;
  let bytes = 0;
  // Parent directories already resolved in this layer: real directories inside the root. Valid
  // while no directory or symlink is removed or made; cleared whenever one is.
  const dirs = new Map<string, string>();
  for await (const { entry, body } of readTar(tar)) {
    entries++;
    const parts = entryComponents(entry.name);
    if (parts === undefined) throw new UnsafePathError(`entry "${entry.name}" escapes the root`);
    const base = parts.pop();
    if (base === undefined) continue; // the root itself: kept as created
    if (base.startsWith(".wh.")) {
      if (base === ".wh..wh..opq") whiteouts.push({ dir: parts, name: undefined });
      else if (!base.startsWith(".wh..wh.")) whiteouts.push({ dir: parts, name: base.slice(4) });
      continue;
    }
    if (entry.type === "char" || entry.type === "block" || entry.type === "fifo") {
      skipped.push(`/${[...parts, base].join("/")}`);
      continue;
    }
    const key = parts.join("/");
    const dir = dirs.get(key) ?? (await resolveDirInRoot(rootfs, parts, true));
    if (dir === undefined) throw new UnsafePathError(`cannot create the parent of ${entry.name}`);
    dirs.set(key, dir);
    const path = join(dir, base);
    markTouched(touched, relative(rootfs, path));
    if (entry.type === "directory") {
      if (await makeDirectory(path, entry, options)) dirs.clear();
      continue;
    }
    if ((await removeExisting(path)) || entry.type === "symlink") dirs.clear();
    if (entry.type === "file") {
      if (bytes + entry.size > options.maxBytes) {
        throw new UnsafePathError(`the layer unpacks to more than ${options.maxBytes} bytes`);
      }
      bytes += entry.size;
      await writeFile(path, entry, body, options);
    } else if (entry.type === "symlink") {
      await symlink(entry.linkName, path);
      if (options.preserveOwners) await lchown(path, entry.uid, entry.gid);
      await lutimes(path, entry.mtime, entry.mtime);
    } else {
      await hardLink(rootfs, path, entry);
    }
  }
  for (const whiteout of whiteouts)
    await applyWhiteout(rootfs, whiteout.dir, whiteout.name, touched);
  return { entries, bytes, skipped };
}

function markTouched(touched: Set<string>, path: string): void {
  const parts = path.split("/");
  for (let i = 1; i <= parts.length; i++) touched.add(parts.slice(0, i).join("/"));
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  return lstat(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  });
}

/**
 * Removes whatever is at `path` (a directory with its contents), never following a symlink.
 * True when it removed a directory or a symlink (resolved parent paths may be stale now).
 */
async function removeExisting(path: string): Promise<boolean> {
  const stat = await lstatOrUndefined(path);
  if (stat === undefined) return false;
  if (stat.isDirectory()) await rm(path, { recursive: true, force: true });
  else await unlink(path);
  return stat.isDirectory() || stat.isSymbolicLink();
}

/** Makes or updates a directory; true when it replaced something that was not one. */
async function makeDirectory(
  path: string,
  entry: TarEntry,
  options: ApplyLayerOptions,
): Promise<boolean> {
  const stat = await lstatOrUndefined(path);
  if (stat?.isDirectory() !== true) {
    if (stat !== undefined) await unlink(path);
    await mkdir(path, { mode: 0o700 });
  }
  if (options.preserveOwners) await chown(path, entry.uid, entry.gid);
  await chmod(path, entry.mode);
  // Replacing a non-directory (a symlink) changes how paths below it resolve.
  return stat !== undefined && !stat.isDirectory();
}

async function writeFile(
  path: string,
  entry: TarEntry,
  body: (onChunk: (chunk: Buffer) => Promise<void>) => Promise<void>,
  options: ApplyLayerOptions,
): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const file = await open(path, flags, 0o600);
  try {
    await body(async (chunk) => {
      await file.write(chunk);
    });
    // chown first: it clears setuid and setgid bits, which chmod then sets as archived.
    if (options.preserveOwners) await file.chown(entry.uid, entry.gid);
    await file.chmod(entry.mode);
    await file.utimes(entry.mtime, entry.mtime);
  } finally {
    await file.close();
  }
}

async function hardLink(rootfs: string, path: string, entry: TarEntry): Promise<void> {
  const parts = entryComponents(entry.linkName);
  const base = parts?.pop();
  if (parts === undefined || base === undefined) {
    throw new UnsafePathError(`hard link ${entry.name} -> ${entry.linkName} escapes the root`);
  }
  const dir = await resolveDirInRoot(rootfs, parts, false);
  const target = dir === undefined ? undefined : join(dir, base);
  const stat = target === undefined ? undefined : await lstatOrUndefined(target);
  if (target === undefined || stat === undefined || stat.isDirectory()) {
    throw new UnsafePathError(
      `hard link ${entry.name} -> ${entry.linkName}: the target is missing or a directory`,
    );
  }
  await link(target, path);
}

/** Hides NAME in `dir` (or, for an opaque directory, everything in it) from lower layers. */
async function applyWhiteout(
  rootfs: string,
  dirParts: readonly string[],
  name: string | undefined,
  touched: ReadonlySet<string>,
): Promise<void> {
  const dir = await resolveDirInRoot(rootfs, dirParts, false).catch((error: unknown) => {
    if (error instanceof UnsafePathError) return undefined; // a file where the dir was: nothing to hide
    throw error;
  });
  if (dir === undefined) return;
  if (name === undefined) {
    for (const child of await readdir(dir)) await removeLower(rootfs, join(dir, child), touched);
  } else if (!name.includes("/") && name !== "." && name !== "..") {
    await removeLower(rootfs, join(dir, name), touched);
  }
}

/** Removes what lower layers left at `path`, keeping what this layer wrote there. */
async function removeLower(
  rootfs: string,
  path: string,
  touched: ReadonlySet<string>,
): Promise<void> {
  if (!touched.has(relative(rootfs, path))) {
    await rm(path, { recursive: true, force: true });
    return;
  }
  const stat = await lstatOrUndefined(path);
  if (stat?.isDirectory() !== true) return;
  for (const child of await readdir(path)) await removeLower(rootfs, join(path, child), touched);
}
