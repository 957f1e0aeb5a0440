import { errorCatalog, type ErrorCode } from "./error-catalog.js";

/**
 * The only error type airlock throws on purpose. `message` says what happened; `fix`, when
 * present, says what the user should do. Anything else that escapes is a bug.
 */
export class AirlockError extends Error {
  override readonly name = "AirlockError";
  readonly code: ErrorCode;
  readonly fix: string | undefined;

  constructor(code: ErrorCode, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fix = options.fix;
  }

  get isUserError(): boolean {
    return errorCatalog[this.code].audience === "user";
  }

  get exitCode(): number {
    return errorCatalog[this.code].exitCode;
  }
}

export function isAirlockError(value: unknown): value is AirlockError {
  return value instanceof AirlockError;
}
