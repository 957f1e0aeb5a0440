/**
 * The text GitLab stores for an unquoted YAML scalar: it loads YAML with Ruby's Psych and
 * calls `to_s`, so `true` is "true", `1.10` is "1.1" and `1e20` is "1.0e+20".
 * Precondition: `value` came from a YAML loader. An integral number is printed as an
 * Integer: `1.0` and `1` load as the same JS number, so "1.0" cannot be reproduced.
 */
export function rubyScalarText(value: string | number | boolean): string {
  if (typeof value !== "number") return String(value);
  if (Number.isSafeInteger(value)) return String(value);
  return rubyFloatText(value);
}

/** Ruby's Float#to_s: shortest round-trip digits, decimal from 1e-4 up to 1e16. */
function rubyFloatText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(value);
    return text.includes(".") ? text : `${text}.0`;
  }
  const [mantissa = "", exponent = ""] = value.toExponential().split("e");
  const sign = exponent.startsWith("-") ? "-" : "+";
  const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}e${sign}${digits}`;
}
