import type { NetworkPolicy } from "./network/network-policy.js";

/** Resources a sandbox may use. Exceeding one ends the job with a reason, never the host. */
export interface SandboxSize {
  readonly cpus: number;
  readonly memoryMiB: number;
  /** What the job can write: the root overlay's upper layer and its workspace together. */
  readonly diskMiB: number;
  readonly pids: number;
}

/** `default` keeps what package installs need inside the user namespace; `strict` keeps none. */
export type CapabilityProfile = "default" | "strict";

/**
 * The hardening layers, each on by default. Only tests switch layers off, to build the
 * deliberately weak sandbox the escape battery's negative controls run in. Nothing a user
 * writes (CLI flags, pipeline files, runner config) can reach these switches.
 */
export interface Hardening {
  readonly userNamespace: boolean;
  readonly seccomp: boolean;
  readonly dropCapabilities: boolean;
  readonly noNewPrivileges: boolean;
  readonly maskPaths: boolean;
  readonly readonlyPaths: boolean;
  readonly limits: boolean;
  readonly minimalDevices: boolean;
  readonly pidNamespace: boolean;
}

export const fullHardening: Hardening = {
  userNamespace: true,
  seccomp: true,
  dropCapabilities: true,
  noNewPrivileges: true,
  maskPaths: true,
  readonlyPaths: true,
  limits: true,
  minimalDevices: true,
  pidNamespace: true,
};

/** Every layer off: the negative control of the escape battery. Tests only. */
export const noHardening: Hardening = {
  userNamespace: false,
  seccomp: false,
  dropCapabilities: false,
  noNewPrivileges: false,
  maskPaths: false,
  readonlyPaths: false,
  limits: false,
  minimalDevices: false,
  pidNamespace: false,
};

export interface SandboxMount {
  readonly source: string;
  readonly destination: string;
  readonly readonly: boolean;
}

export interface SandboxSpec {
  readonly backend: "container" | "microvm";
  /** An image name or id in the image store. */
  readonly image: string;
  readonly size: SandboxSize;
  readonly capabilities: CapabilityProfile;
  /** What the sandbox can reach; `none` is loopback only. */
  readonly network: NetworkPolicy;
  readonly mounts: readonly SandboxMount[];
  readonly env: Readonly<Record<string, string>>;
  readonly hostname: string;
  readonly hardening: Hardening;
}

export const defaultSize: SandboxSize = { cpus: 2, memoryMiB: 4096, diskMiB: 10240, pids: 4096 };

/** A complete spec from a few overrides: the defaults are the hardened, offline sandbox. */
export function makeSandboxSpec(overrides: Partial<SandboxSpec> = {}): SandboxSpec {
  return {
    backend: "container",
    image: "default",
    size: defaultSize,
    capabilities: "default",
    network: { kind: "none" },
    mounts: [],
    env: {},
    hostname: "airlock",
    hardening: fullHardening,
    ...overrides,
  };
}
