import { AirlockError } from "./airlock-error.js";

const units: Readonly<Record<string, number>> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };

/**
 * Parses a human size such as `512m`, `4g`, `4G`, `4GiB` or `1.5g` into MiB (rounded down).
 * A bare number means MiB. `what` names the flag or key for the error message.
 */
export function parseSizeMiB(text: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt])?(?:i?b)?\s*$/i.exec(text);
  const unit = units[(match?.[2] ?? "m").toLowerCase()];
  if (!match?.[1] || unit === undefined) {
    throw new AirlockError("AIRLOCK_E_USAGE", `${what}: "${text}" is not a size`, {
      fix: `write a number with an optional unit, e.g. 512m, 4g or 10G`,
    });
  }
  const mib = Math.floor(Number(match[1]) * unit);
  if (mib < 1) {
    throw new AirlockError("AIRLOCK_E_USAGE", `${what}: "${text}" is smaller than 1 MiB`);
  }
  return mib;
}

/** Parses a duration such as `90s`, `10m`, `1h30m` or a bare number of seconds into ms. */
export function parseDurationMs(text: string, what: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(h|m|s|ms)/g)];
  const joined = parts.map((p) => p[0]).join("");
  if (parts.length === 0 || joined !== trimmed) {
    throw new AirlockError("AIRLOCK_E_USAGE", `${what}: "${text}" is not a duration`, {
      fix: "write e.g. 90s, 10m or 1h30m",
    });
  }
  const factor: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (factor[p[2] ?? "s"] ?? 0), 0));
}
