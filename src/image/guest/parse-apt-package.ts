/** The kernel image package a meta-package such as linux-image-cloud-amd64 points at. */
export interface KernelPackage {
  /** The versioned image package, e.g. `linux-image-6.1.0-56-cloud-amd64`. */
  readonly name: string;
  /** Its exact version, e.g. `6.1.192-2`. */
  readonly version: string;
}

/**
 * Reads the first stanza of `apt-cache show --no-all-versions META` (the candidate) and
 * returns the `linux-image-*` package its Depends pins with `(= VERSION)`. Undefined when the
 * stanza has no such dependency.
 */
export function parseKernelDependency(showOutput: string): KernelPackage | undefined {
  const stanza = showOutput.split(/\n\s*\n/)[0] ?? "";
  const depends = /^Depends:\s*(.*)$/m.exec(stanza)?.[1] ?? "";
  for (const alternative of depends.split(/[,|]/)) {
    const match = /^\s*(linux-image-[a-z0-9.+-]+)\s*\(\s*=\s*([^\s)]+)\s*\)\s*$/.exec(alternative);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      return { name: match[1], version: match[2] };
    }
  }
  return undefined;
}
