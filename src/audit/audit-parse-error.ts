import { AirlockError } from "../core/airlock-error.js";

/** The one error for a file that cannot be read as the kind it claims to be. */
export function auditParseError(
  file: string,
  what: string,
  detail: string,
  position: { readonly line: number; readonly column: number } | undefined,
): AirlockError {
  const where = position === undefined ? file : `${file}:${position.line}:${position.column}`;
  return new AirlockError("AIRLOCK_E_AUDIT_PARSE", `${where}: not valid ${what}: ${detail}`, {
    fix: `correct the ${what} at the position shown (the program that reads this file rejects it too); if it is another kind of file, say which with --kind`,
  });
}
