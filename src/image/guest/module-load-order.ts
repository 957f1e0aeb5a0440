/** What the guest must load, and what the kernel already has built in. */
export interface ModulePlan {
  /** Module names in an order where each comes after everything it depends on. */
  readonly load: readonly string[];
  /** Wanted modules (or dependencies) built into the kernel: nothing to load. */
  readonly builtin: readonly string[];
}

/**
 * Orders `wanted` and everything they depend on (transitively) for loading one by one, as
 * modprobe would from modules.dep. `dependsOf(name)` gives a module's direct dependencies, or
 * undefined when the kernel has no such loadable module; names in `builtin` need no loading.
 * Names compare with `-` and `_` equal (the kernel's rule). Throws for a wanted module that is
 * neither loadable nor built in, and for a dependency cycle.
 */
export function moduleLoadOrder(
  wanted: readonly string[],
  dependsOf: (name: string) => readonly string[] | undefined,
  builtin: ReadonlySet<string>,
): ModulePlan {
  const load: string[] = [];
  const builtinHit: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (raw: string, path: readonly string[]): void => {
    const name = normaliseModuleName(raw);
    const seen = state.get(name);
    if (seen === "done") return;
    if (seen === "visiting")
      throw new Error(`module dependency cycle: ${[...path, name].join(" -> ")}`);
    if (builtin.has(name)) {
      state.set(name, "done");
      builtinHit.push(name);
      return;
    }
    const deps = dependsOf(name);
    if (deps === undefined) {
      throw new Error(
        `kernel module ${name} is neither built in nor shipped${path.length > 0 ? ` (needed by ${path.join(" -> ")})` : ""}`,
      );
    }
    state.set(name, "visiting");
    for (const dep of deps) visit(dep, [...path, name]);
    state.set(name, "done");
    load.push(name);
  };
  for (const name of wanted) visit(name, []);
  return { load, builtin: builtinHit };
}

/** A module name as the kernel compares it: `virtio-rng` is `virtio_rng`. */
export function normaliseModuleName(name: string): string {
  return name.replace(/-/g, "_");
}
