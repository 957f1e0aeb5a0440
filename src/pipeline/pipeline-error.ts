import { AirlockError } from "../core/airlock-error.js";
import { formatLocation, type SourceLocation } from "./source-location.js";

/**
 * The user's pipeline is wrong. The message always names where (file:line:column), the key
 * (`test:script`, dotted as in GitLab's own messages) and what is expected; `fix` says how
 * to correct it when that is not obvious from the message.
 */
export function pipelineError(
  location: SourceLocation | undefined,
  key: string,
  message: string,
  fix?: string,
): AirlockError {
  const where = location === undefined ? "" : `${formatLocation(location)}: `;
  const text = key === "" ? `${where}${message}` : `${where}${key}: ${message}`;
  return new AirlockError("AIRLOCK_E_PIPELINE_INVALID", text, fix === undefined ? {} : { fix });
}
