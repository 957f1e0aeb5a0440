import type { CacheWhen } from "../../job/job-spec.js";
import type { RawNode } from "../raw/raw-node.js";
import { readBoolean } from "../raw/read-scalar.js";
import { checkKeys } from "./check-keys.js";
import { parseCacheKey, type CacheKeyConfig } from "./parse-cache-key.js";
import { readCachePolicy, type CachePolicyConfig } from "./read-cache-policy.js";
import { readOneOf } from "./read-one-of.js";
import { readOptional } from "./read-optional.js";
import { readStringArray } from "./read-string-array.js";

export interface CacheConfig {
  readonly key: CacheKeyConfig;
  readonly paths: readonly string[];
  readonly untracked: boolean;
  /** Shared between protected and unprotected branches. */
  readonly unprotect: boolean;
  readonly policy: CachePolicyConfig;
  readonly when: CacheWhen;
  /** Keys to restore from, in order, when `key` has no cache yet. */
  readonly fallbackKeys: readonly string[];
}

/** GitLab's default limit on caches per job. */
export const maxCaches = 4;

const cacheKeys = [
  "key",
  "paths",
  "untracked",
  "unprotect",
  "policy",
  "when",
  "fallback_keys",
] as const;
const whens: readonly CacheWhen[] = ["on_success", "on_failure", "always"];

/** `cache`: one map, or a list of up to 4 maps; `[]` disables caching. */
export function parseCache(node: RawNode): readonly CacheConfig[] {
  if (!node.isList) return [parseOneCache(node)];
  const items = node.items();
  if (items.length > maxCaches) {
    throw node.fail(`expected at most ${maxCaches} caches, got ${items.length}`);
  }
  return items.map(parseOneCache);
}

function parseOneCache(node: RawNode): CacheConfig {
  checkKeys(node, cacheKeys, "cache");
  const strings = (child: RawNode) => readStringArray(child, "a list of paths");
  return {
    key: parseCacheKey(node.child("key")),
    paths: readOptional(node.child("paths"), strings, []),
    untracked: readOptional(node.child("untracked"), readBoolean, false),
    unprotect: readOptional(node.child("unprotect"), readBoolean, false),
    policy: readOptional(node.child("policy"), readCachePolicy, "pull-push"),
    when: readOptional(node.child("when"), (child) => readOneOf(child, whens), "on_success"),
    fallbackKeys: readOptional(
      node.child("fallback_keys"),
      (c) => readStringArray(c, "a list of cache keys"),
      [],
    ),
  };
}
