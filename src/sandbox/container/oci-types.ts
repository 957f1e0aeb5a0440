/**
 * The subset of the OCI runtime spec (v1.0.2, what runc 1.1 reads) that airlock writes.
 * These types never leave sandbox/container/.
 */
export interface OciProcess {
  readonly terminal: false;
  readonly user: {
    readonly uid: number;
    readonly gid: number;
    readonly additionalGids?: readonly number[];
  };
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly capabilities: {
    readonly bounding: readonly string[];
    readonly effective: readonly string[];
    readonly permitted: readonly string[];
    readonly inheritable: readonly string[];
    readonly ambient: readonly string[];
  };
  readonly rlimits: readonly {
    readonly type: string;
    readonly hard: number;
    readonly soft: number;
  }[];
  readonly noNewPrivileges: boolean;
  readonly oomScoreAdj?: number;
}

export interface OciMount {
  readonly destination: string;
  readonly type: string;
  readonly source: string;
  readonly options: readonly string[];
}

export interface OciSeccomp {
  readonly defaultAction: "SCMP_ACT_ERRNO" | "SCMP_ACT_ALLOW";
  readonly defaultErrnoRet?: number;
  readonly architectures: readonly string[];
  readonly syscalls: readonly {
    readonly names: readonly string[];
    readonly action: string;
    readonly errnoRet?: number;
    readonly args?: readonly {
      readonly index: number;
      readonly value: number;
      readonly valueTwo: number;
      readonly op: string;
    }[];
  }[];
}

export interface OciIdMapping {
  readonly containerID: number;
  readonly hostID: number;
  readonly size: number;
}

export interface OciResources {
  readonly devices: readonly {
    readonly allow: boolean;
    readonly type?: "c" | "b" | "a";
    readonly major?: number;
    readonly minor?: number;
    readonly access?: string;
  }[];
  readonly memory?: {
    readonly limit: number;
    readonly swap?: number;
    readonly disableOOMKiller: false;
  };
  readonly cpu?: { readonly quota: number; readonly period: number };
  readonly pids?: { readonly limit: number };
}

export interface OciSpec {
  readonly ociVersion: "1.0.2";
  readonly process: OciProcess;
  readonly root: { readonly path: string; readonly readonly: boolean };
  readonly hostname: string;
  readonly mounts: readonly OciMount[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly linux: {
    readonly namespaces: readonly { readonly type: string; readonly path?: string }[];
    readonly uidMappings?: readonly OciIdMapping[];
    readonly gidMappings?: readonly OciIdMapping[];
    readonly resources: OciResources;
    readonly cgroupsPath: string;
    readonly rootfsPropagation: "rprivate";
    readonly maskedPaths: readonly string[];
    readonly readonlyPaths: readonly string[];
    readonly seccomp?: OciSeccomp;
  };
}
