/**
 * The value of a plain (unquoted, untagged) YAML scalar as GitLab reads it: Ruby's Psych,
 * which follows YAML 1.1 (Psych::ScalarScanner#tokenize):
 * - `~`, `null` (any case) and the empty scalar are null;
 * - `true`/`yes`/`on` and `false`/`no`/`off` (any case) are booleans, but not `y`/`n`;
 * - integers may use `_` and `,`, `0x` hex, `0b` binary, a leading `0` for octal (`0755`
 *   is 493) and base 60 (`1:30` is 90);
 * - floats need a dot (`1.5`, `1.`, `.5`, `1.0e+3`) or are `.inf`, `-.inf`, `.nan`;
 *   `1e3` stays a string.
 * Deviations: dates, times and `:symbols`, which Psych would turn into Ruby objects, stay
 * strings.
 */
export function resolvePlainScalar(text: string): unknown {
  if (text === "") return null;
  if (/^[^\d.:-]?[\p{L}_\s!@#$%^&*(){}<>|/\\~;=]+/u.test(text) || text.includes("\n")) {
    return wordValue(text);
  }
  if (/^\+?\.inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-\.inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^\.nan$/i.test(text)) return Number.NaN;
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/.test(text)) return sexagesimal(text);
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$/.test(text)) return sexagesimal(text);
  if (/^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$/.test(text)) {
    return /^[-+]?\.$/.test(text) ? text : Number.parseFloat(text.replace(/[,_]/g, ""));
  }
  if (INTEGER.test(text)) return parseInteger(text.replace(/[,_]/g, ""));
  return text;
}

const INTEGER =
  /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/;

function wordValue(text: string): unknown {
  if (text.length > 5 || /^[^ytonf~]/i.test(text)) return text;
  if (text === "~" || /^null$/i.test(text)) return null;
  if (/^(yes|true|on)$/i.test(text)) return true;
  if (/^(no|false|off)$/i.test(text)) return false;
  return text;
}

/** Ruby's Integer(): sign, then 0b / 0x / leading-0 octal / decimal. */
function parseInteger(text: string): number {
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.replace(/^[-+]/, "");
  if (/^0b/i.test(digits)) return sign * Number.parseInt(digits.slice(2), 2);
  if (/^0x/i.test(digits)) return sign * Number.parseInt(digits.slice(2), 16);
  if (digits.length > 1 && digits.startsWith("0")) return sign * Number.parseInt(digits, 8);
  return sign * Number.parseInt(digits, 10);
}

function sexagesimal(text: string): number {
  const sign = text.startsWith("-") ? -1 : 1;
  const parts = text.replace(/^[-+]/, "").replace(/_/g, "").split(":");
  return sign * parts.reduce((total, part) => total * 60 + Number.parseFloat(part), 0);
}
