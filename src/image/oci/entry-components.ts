/**
 * The path components of a tar entry name or hard link target, relative to the rootfs:
 * a leading `/` is dropped (absolute names mean the image's root), `.` and empty components
 * go, `..` removes the previous one. Returns undefined when a `..` would climb above the
 * root or a component holds a NUL: such an entry is refused, never clamped.
 */
export function entryComponents(name: string): string[] | undefined {
  const out: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part.includes("\0")) return undefined;
    if (part === "..") {
      if (out.pop() === undefined) return undefined;
      continue;
    }
    out.push(part);
  }
  return out;
}
