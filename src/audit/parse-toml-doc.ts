import type { ConfigDoc } from "../config/config-doc.js";
import { parseTomlDoc as parseToml } from "../config/parse-toml-doc.js";
import { auditParseError } from "./audit-parse-error.js";

/** A TOML file to audit, with line numbers; a syntax error is AIRLOCK_E_AUDIT_PARSE. */
export function parseTomlDoc(text: string, file: string): ConfigDoc {
  return parseToml(text, (detail, position) => auditParseError(file, "TOML", detail, position));
}
