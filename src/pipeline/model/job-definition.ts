import type { ArtifactsConfig } from "../job/parse-artifacts.js";
import type { CacheConfig } from "../job/parse-cache.js";
import type { EnvironmentConfig } from "../job/parse-environment.js";
import type { ImageConfig } from "../job/parse-image.js";
import type { InheritConfig } from "../job/parse-inherit.js";
import type { Need } from "../job/parse-needs.js";
import type { RetryConfig } from "../job/parse-retry.js";
import type { ServiceConfig } from "../job/parse-service.js";
import type { WhenConfig } from "../job/parse-when.js";
import type { Parallel } from "../parallel/parallel.js";
import type { RawNode } from "../raw/raw-node.js";
import type { JobInclusion } from "../rules/job-inclusion.js";
import type { VariableDefinition } from "../variables/variable-definition.js";

/**
 * One job as written (after include, extends, !reference and `default:`), validated. A
 * parallel job is still one definition; the planner makes its instances.
 */
export interface JobDefinition {
  readonly name: string;
  /** The job's map, for messages about it. */
  readonly node: RawNode;
  readonly stage: string;
  readonly image: ImageConfig | undefined;
  readonly services: readonly ServiceConfig[];
  readonly beforeScript: readonly string[];
  readonly script: readonly string[];
  readonly afterScript: readonly string[];
  readonly variables: readonly VariableDefinition[];
  readonly inherit: InheritConfig;
  readonly inclusion: JobInclusion;
  readonly when: WhenConfig;
  /** undefined: GitLab's default (true for a job-level `when: manual`, else false). */
  readonly allowFailure: boolean | { readonly exitCodes: readonly number[] } | undefined;
  /** undefined: no `needs:` (stage order); `[]`: starts at once. */
  readonly needs: readonly Need[] | undefined;
  readonly dependencies: readonly string[] | undefined;
  readonly artifacts: ArtifactsConfig | undefined;
  readonly caches: readonly CacheConfig[];
  readonly parallel: Parallel | undefined;
  readonly timeoutMs: number | undefined;
  readonly retry: RetryConfig;
  readonly tags: readonly string[];
  readonly coverage: string | undefined;
  readonly environment: EnvironmentConfig | undefined;
  readonly interruptible: boolean | undefined;
}
