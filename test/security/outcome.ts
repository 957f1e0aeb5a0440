import type { ProbeLine } from "./probe-line.js";

/**
 * What a probe step must show. Hardened expectations say how it is blocked; weak ones say
 * that the kernel was reached (so the probe is not blind).
 */
export type Outcome =
  /** Failed with one of these errno names. */
  | { readonly kind: "fails"; readonly errno: readonly string[] }
  /** Succeeded (`ret >= 0`). */
  | { readonly kind: "succeeds" }
  /** Succeeded, or failed with an errno that is not one of `refusals`: the kernel did the work. */
  | { readonly kind: "reached"; readonly refusals: readonly string[] }
  /** Succeeded with a return value compared to `value`. */
  | { readonly kind: "ret"; readonly op: "==" | "<=" | ">="; readonly value: number }
  /** A path opened for writing was refused or is absent, or what opened is a mask (/dev/null). */
  | { readonly kind: "denied" }
  /** A kernel fact read as nothing: refused, absent, masked (0 bytes read) or zeroed. */
  | { readonly kind: "empty" }
  | {
      readonly kind: "check";
      readonly describe: string;
      readonly holds: (line: ProbeLine) => boolean;
    }
  /** Informational: any result, and the line may be missing. */
  | { readonly kind: "any" };

export const denials = ["EPERM", "EACCES", "EROFS", "ENOENT"] as const;

export const fails = (...errno: readonly string[]): Outcome => ({ kind: "fails", errno });
export const succeeds: Outcome = { kind: "succeeds" };
export const reached = (...refusals: readonly string[]): Outcome => ({
  kind: "reached",
  refusals: refusals.length > 0 ? refusals : ["EPERM", "EACCES"],
});
export const ret = (op: "==" | "<=" | ">=", value: number): Outcome => ({ kind: "ret", op, value });
export const denied: Outcome = { kind: "denied" };
export const empty: Outcome = { kind: "empty" };
export const any: Outcome = { kind: "any" };
export const check = (describe: string, holds: (line: ProbeLine) => boolean): Outcome => ({
  kind: "check",
  describe,
  holds,
});

export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case "fails":
      return outcome.errno.join("|");
    case "succeeds":
      return "succeeds";
    case "reached":
      return `reaches the kernel (not ${outcome.refusals.join("|")})`;
    case "ret":
      return `ret ${outcome.op} ${outcome.value}`;
    case "denied":
      return `${denials.join("|")} or masked`;
    case "empty":
      return "denied, absent or empty";
    case "check":
      return outcome.describe;
    case "any":
      return "any";
  }
}

export function matchesOutcome(outcome: Outcome, line: ProbeLine | undefined): boolean {
  if (outcome.kind === "any") return true;
  if (line === undefined || line.step === "*") return false;
  const ok = line.errno === null;
  switch (outcome.kind) {
    case "fails":
      return !ok && outcome.errno.includes(line.errno);
    case "succeeds":
      return ok;
    case "reached":
      return ok || (!outcome.refusals.includes(line.errno) && !line.errno.startsWith("SIG"));
    case "ret":
      if (!ok) return false;
      if (outcome.op === "==") return line.ret === outcome.value;
      return outcome.op === "<=" ? line.ret <= outcome.value : line.ret >= outcome.value;
    case "denied":
      return ok
        ? (line.detail ?? "").startsWith("masked:")
        : (denials as readonly string[]).includes(line.errno);
    case "empty":
      return ok
        ? line.ret <= 0
        : (denials as readonly string[]).includes(line.errno) || line.errno === "EMPTY";
    case "check":
      return outcome.holds(line);
  }
}
