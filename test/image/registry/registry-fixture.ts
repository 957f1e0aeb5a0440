import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { AirlockError } from "../../../src/core/airlock-error.js";
import {
  registryBinary,
  startRegistry,
  type RegistryAuth,
  type RegistryServer,
} from "./registry-server.host.js";
import { compileStaticGreeter, gccMissing } from "./static-greeter.host.js";

/** bcrypt of "s3cret-pass" (htpasswd -B); docker-registry accepts only bcrypt. */
export const testHtpasswd = "ci:$2b$05$abcdefghijklmnopqrstuuV7fpPozvyqJfnY19y0802WTlXUm6Rjy";
/** The login `testHtpasswd` accepts. */
export const testLogin = { username: "ci", password: "s3cret-pass" } as const;

/** Why no test registry can start here (no docker-registry), else undefined. */
export function registryMissing(): string | undefined {
  return existsSync(registryBinary)
    ? undefined
    : "needs docker-registry (bash scripts/test installs it)";
}

/** Why a suite using a registry and the static TCP greeter cannot run here, else undefined. */
export function greeterRegistryMissing(): string | undefined {
  return registryMissing() ?? gccMissing();
}

/** Why registry pull tests cannot run here (not root, no docker-registry), else undefined. */
export function registrySkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (layers keep their owners)";
  return registryMissing();
}

/**
 * Registers, in the calling describe(), a temporary airlock state directory under /var/tmp
 * (named `prefix`...) that AIRLOCK_STATE_DIR points at while its tests run: made in
 * beforeAll, removed (and AIRLOCK_STATE_DIR restored) in afterAll. Returns an accessor.
 */
export function useTempStateDir(prefix: string): () => string {
  let state: string | undefined;
  const previousStateDir = process.env["AIRLOCK_STATE_DIR"];
  beforeAll(() => {
    mkdirSync("/var/tmp", { recursive: true });
    state = mkdtempSync(`/var/tmp/${prefix}`);
    process.env["AIRLOCK_STATE_DIR"] = state;
  });
  afterAll(() => {
    if (previousStateDir === undefined) delete process.env["AIRLOCK_STATE_DIR"];
    else process.env["AIRLOCK_STATE_DIR"] = previousStateDir;
    if (state !== undefined) rmSync(state, { recursive: true, force: true });
  });
  return () => {
    if (state === undefined) throw new Error("useTempStateDir: used outside its tests");
    return state;
  };
}

/** What useRegistryStore gives a test, valid between its beforeAll and afterAll. */
export interface RegistryStore {
  /** The temporary airlock state directory (AIRLOCK_STATE_DIR while the tests run). */
  readonly state: string;
  /** A loopback docker-registry open to all. */
  readonly open: RegistryServer;
  /** A loopback docker-registry asking for `testLogin` (Basic auth). */
  readonly closed: RegistryServer;
}

/**
 * Registers the shared setup of the registry pull tests in the calling describe(): a
 * temporary state directory (useTempStateDir), and an open and a Basic-auth registry on
 * loopback started in beforeAll and stopped (by pid) in afterAll, also when beforeAll failed
 * halfway. Returns an accessor (throws before beforeAll ran).
 */
export function useRegistryStore(prefix: string): () => RegistryStore {
  const stateDir = useTempStateDir(prefix);
  let open: RegistryServer | undefined;
  let closed: RegistryServer | undefined;
  beforeAll(async () => {
    open = await startRegistry();
    closed = await startRegistry({ htpasswd: testHtpasswd });
  });
  afterAll(async () => {
    await open?.stop();
    await closed?.stop();
  });
  return () => {
    if (open === undefined || closed === undefined)
      throw new Error("useRegistryStore: used outside its tests");
    return { state: stateDir(), open, closed };
  };
}

/** What useScratchRegistry gives a test, valid between its beforeAll and afterAll. */
export interface ScratchRegistry {
  /** A temporary directory under /var/tmp, mode 0755 (see useScratchRegistry). */
  readonly scratch: string;
  /** A loopback docker-registry, open to all or asking for the `auth` given. */
  readonly registry: RegistryServer;
}

/**
 * Registers, in the calling describe(), the setup of the tests that push images to a loopback
 * registry and run them: a scratch directory under /var/tmp (named `prefix`...) made 0755, as
 * the sandboxes' unprivileged root must traverse to rootfs kept there (mkdtemp makes 0700),
 * and a docker-registry asking for `auth` (open without). Both made in beforeAll and removed
 * (the registry stopped by pid) in afterAll, also when beforeAll failed halfway. Hooks run in
 * registration order (vitest's "stack"): call this before the suite's own beforeAll.
 */
export function useScratchRegistry(prefix: string, auth?: RegistryAuth): () => ScratchRegistry {
  let scratch: string | undefined;
  let registry: RegistryServer | undefined;
  beforeAll(async () => {
    mkdirSync("/var/tmp", { recursive: true });
    scratch = mkdtempSync(`/var/tmp/${prefix}`);
    chmodSync(scratch, 0o755);
    registry = await startRegistry(auth);
  });
  afterAll(async () => {
    await registry?.stop();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });
  return () => {
    if (scratch === undefined || registry === undefined)
      throw new Error("useScratchRegistry: used outside its tests");
    return { scratch, registry };
  };
}

/** What useGreeterRegistry gives a test: a ScratchRegistry and the static TCP greeter. */
export interface GreeterRegistry extends ScratchRegistry {
  /** The static greeter's bytes, also at `scratch`/greeter (source at `scratch`/greeter.c). */
  readonly greeter: Buffer;
}

/**
 * useScratchRegistry plus the static TCP greeter (tcp-greeter.c.ts) compiled into the scratch
 * directory in beforeAll. Skip the suite with greeterRegistryMissing() where gcc is missing.
 */
export function useGreeterRegistry(prefix: string, auth?: RegistryAuth): () => GreeterRegistry {
  const scratchRegistry = useScratchRegistry(prefix, auth);
  let greeter: Buffer | undefined;
  beforeAll(() => {
    greeter = compileStaticGreeter(scratchRegistry().scratch);
  });
  return () => {
    if (greeter === undefined) throw new Error("useGreeterRegistry: used outside its tests");
    return { ...scratchRegistry(), greeter };
  };
}

/** The AirlockError `promise` rejects with; fails the test when it resolves or throws another. */
export async function airlockErrorOf(promise: Promise<unknown>): Promise<AirlockError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AirlockError))
    throw new Error(`expected an AirlockError, got ${String(error)}`);
  return error;
}
