import type { Readiness } from "./assess-readiness.js";
import type { FormatOptions } from "./format-table.js";

/** The two lines under the table: can this host run container sandboxes, and microVMs? */
export function formatSummary(readiness: Readiness, options: FormatOptions): string {
  const paint = (code: string, text: string): string =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const runtime = readiness.runtime;
  const runtimeText =
    runtime === undefined
      ? ""
      : ` with ${[runtime.name, runtime.version].filter(Boolean).join(" ")}`;
  const container = readiness.container
    ? paint("32", `ready${runtimeText}`)
    : paint("31", `not ready: missing ${readiness.blocking.join(", ")}`);
  const microvm = {
    kvm: paint("32", "ready (KVM)"),
    "tcg-only": paint(
      "33",
      "TCG only: KVM unusable, software emulation is slow (optional backend)",
    ),
    unavailable: paint("33", "unavailable (optional backend)"),
  }[readiness.microvm];
  return `container backend: ${container}\nmicroVM backend:   ${microvm}\n`;
}
