import { pipelineError } from "../pipeline-error.js";
import type { RawNode } from "../raw/raw-node.js";
import type { JobSize } from "../../job/job-spec.js";

/** The size a job's tags ask for; dimensions no tag names are left to the caller's defaults. */
export type SizeRequest = { readonly [K in keyof JobSize]?: number };

/**
 * Sandbox size from runner tags. Grammar (case-insensitive), after the prefix:
 *
 *   tag   = part *("-" part)
 *   part  = N "cpu"                 CPUs                   airlock-4cpu
 *         | N ("mb" | "gb")         memory                 airlock-512mb, airlock-8gb
 *         | N ("mb" | "gb") "-disk" disk (the next word)   airlock-20gb-disk
 *   N     = a whole number from 1, no leading zero
 *
 * so `airlock-4cpu-8gb-20gb-disk` sets all three. Each dimension may be set once over all
 * tags. Tags without the prefix are ignored; a malformed prefixed tag fails. Call it with
 * tags whose CI/CD variables are already expanded; `where` (the `tags` node) locates errors.
 */
export function sizeFromTags(
  tags: readonly string[],
  prefix = "airlock-",
  where?: RawNode,
): SizeRequest {
  const size: { -readonly [K in keyof JobSize]?: number } = {};
  tags.forEach((tag, index) => {
    if (!tag.toLowerCase().startsWith(prefix.toLowerCase())) return;
    const words = tag.slice(prefix.length).toLowerCase().split("-");
    const fail = (message: string) => {
      const node = where?.child(index);
      return pipelineError(
        node?.location,
        node?.key ?? "tags",
        `${message} in tag ${JSON.stringify(tag)}; expected ${prefix}<n>cpu, ${prefix}<n>mb|gb (memory), ${prefix}<n>mb|gb-disk, joined by -`,
        `For example ${prefix}4cpu-8gb or ${prefix}2cpu-512mb-20gb-disk.`,
      );
    };
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? "";
      const match = /^([1-9][0-9]*)(cpu|mb|gb)$/.exec(word);
      if (match === null) throw fail(`unexpected ${JSON.stringify(word)}`);
      const amount = Number(match[1]);
      const unit = match[2];
      let dimension: keyof JobSize = "cpus";
      let value = amount;
      if (unit !== "cpu") {
        value = unit === "gb" ? amount * 1024 : amount;
        dimension = words[i + 1] === "disk" ? "diskMiB" : "memoryMiB";
        if (dimension === "diskMiB") i++;
      }
      if (size[dimension] !== undefined) throw fail(`${describe[dimension]} is given twice`);
      if (!Number.isSafeInteger(value)) throw fail(`${JSON.stringify(word)} is too large`);
      size[dimension] = value;
    }
  });
  return size;
}

const describe: Record<keyof JobSize, string> = {
  cpus: "the CPU count",
  memoryMiB: "the memory size",
  diskMiB: "the disk size",
};
