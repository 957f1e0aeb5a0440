import type { Logger } from "../../core/logger.js";
import type { JobNetwork } from "../../job/job-spec.js";

/** What `airlock run` was asked for, parsed by the CLI (see docs/cli.md). */
export interface LocalRunOptions {
  readonly directory: string;
  readonly file: string;
  readonly jobs: readonly string[];
  readonly withNeeds: boolean;
  readonly stage: string | undefined;
  /** `--variable` and `--secret` (masked) values, in the order given. */
  readonly variables: readonly {
    readonly name: string;
    readonly value: string;
    readonly masked: boolean;
  }[];
  readonly manual: readonly string[];
  readonly mode: "run" | "list" | "preview";
  readonly plain: boolean;
  readonly backend: "container" | "microvm";
  /** microVM only: allow TCG where KVM cannot boot a guest. */
  readonly allowTcg?: boolean;
  readonly network: JobNetwork;
  readonly concurrency: number | undefined;
  readonly defaultImage: string;
  readonly ignoreImages: boolean;
  /** Copy every job's artifacts into the work tree at the end (off by default). */
  readonly artifactsToSource: boolean;
  readonly logger: Logger;
}
