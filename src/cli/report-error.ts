import { isAirlockError } from "../core/airlock-error.js";
import { errorCatalog } from "../core/error-catalog.js";

/** Prints an error for a person and returns the exit code. The one place errors meet users. */
export function reportError(error: unknown): number {
  if (isAirlockError(error)) {
    const kind = errorCatalog[error.code].audience === "user" ? "error" : "internal error";
    process.stderr.write(`airlock: ${kind} [${error.code}]: ${error.message}\n`);
    if (error.fix !== undefined) process.stderr.write(`  fix: ${error.fix}\n`);
    if (!error.isUserError) {
      process.stderr.write("  this is a bug or an unexpected host fault; please report it\n");
    }
    return error.exitCode;
  }
  process.stderr.write(`airlock: internal error [AIRLOCK_E_INTERNAL]: ${String(error)}\n`);
  if (error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
  return errorCatalog.AIRLOCK_E_INTERNAL.exitCode;
}
