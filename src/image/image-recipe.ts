import { createHash } from "node:crypto";
import { AirlockError } from "../core/airlock-error.js";

/**
 * The version of airlock's own image layout (what the build does beyond mmdebstrap: the
 * sanitising, the directory layout, image.json). Part of every recipe, so bumping it gives
 * every image a new id and the next `airlock image build` rebuilds.
 */
export const imageFormatVersion = 1;

export const defaultSuite = "bookworm";
export const defaultVariant = "minbase";

/**
 * What CI jobs commonly expect on top of Debian's minbase (essential packages and apt):
 * shells and core tools, git and TLS, archivers, build basics, python3 for scripts, jq, gpg
 * for adding apt keys. About 300 MB unpacked.
 */
export const defaultPackages: readonly string[] = [
  "bash",
  "bzip2",
  "ca-certificates",
  "coreutils",
  "curl",
  "diffutils",
  "file",
  "findutils",
  "git",
  "gpg",
  "gzip",
  "iproute2",
  "jq",
  "less",
  "make",
  "netbase",
  "openssh-client",
  "openssl",
  "patch",
  "procps",
  "python3-minimal",
  "tar",
  "unzip",
  "wget",
  "xz-utils",
  "zip",
];

/**
 * Everything that decides what an image contains. Canonical: packages and apt options are
 * sorted and unique, mirrors carry no trailing slash. Its content address is `recipeId()`.
 */
export interface ImageRecipe {
  readonly format: number;
  readonly suite: string;
  readonly variant: string;
  readonly packages: readonly string[];
  /** The Debian archive, used for SUITE and SUITE-updates. */
  readonly mirror: string;
  /** The security archive (SUITE-security), or null to build without it. */
  readonly securityMirror: string | null;
  /** apt options the build runs with (`--aptopt`), e.g. `Acquire::Check-Date "false"`. */
  readonly aptOptions: readonly string[];
}

export interface RecipeInput {
  readonly suite?: string;
  readonly variant?: string;
  readonly packages: readonly string[];
  readonly mirror: string;
  readonly securityMirror: string | null;
  readonly aptOptions: readonly string[];
}

/** Debian policy 5.6.7: lowercase letters, digits, "+", "-", "."; two or more; alnum first. */
export const packageNamePattern = /^[a-z0-9][a-z0-9+.-]+$/;

const suitePattern = /^[a-z][a-z0-9-]*$/;
const variants = new Set([
  "extract",
  "custom",
  "essential",
  "apt",
  "required",
  "minbase",
  "buildd",
  "important",
  "debootstrap",
  "standard",
]);

export function validatePackageName(name: string): string {
  if (!packageNamePattern.test(name)) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_INVALID",
      `"${name}" is not a valid Debian package name`,
      {
        fix:
          'a package name has two or more lowercase letters, digits, "+", "-" or "." and ' +
          "starts with a letter or digit (Debian policy 5.6.7)",
      },
    );
  }
  return name;
}

/** Splits a `--packages` value ("a,b c") into names, validating each. */
export function parsePackageList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter((p) => p.length > 0)
    .map(validatePackageName);
}

/** Sorted, unique, validated: the canonical form of a package list. */
export function canonicalPackages(packages: readonly string[]): string[] {
  return [...new Set(packages.map(validatePackageName))].sort();
}

function canonicalMirror(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AirlockError("AIRLOCK_E_IMAGE_INVALID", `${what} "${url}" is not a URL`, {
      fix: "give an http:// or https:// URL of a Debian archive, e.g. http://deb.debian.org/debian",
    });
  }
  if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || /\s/.test(url)) {
    throw new AirlockError("AIRLOCK_E_IMAGE_INVALID", `${what} "${url}" is not an http(s) URL`, {
      fix: "give an http:// or https:// URL of a Debian archive, e.g. http://deb.debian.org/debian",
    });
  }
  return url.replace(/\/+$/, "");
}

/** Validates and canonicalises a recipe. Throws AIRLOCK_E_IMAGE_INVALID naming the problem. */
export function makeRecipe(input: RecipeInput): ImageRecipe {
  const suite = input.suite ?? defaultSuite;
  const variant = input.variant ?? defaultVariant;
  if (!suitePattern.test(suite)) {
    throw new AirlockError("AIRLOCK_E_IMAGE_INVALID", `"${suite}" is not a Debian suite name`);
  }
  if (!variants.has(variant)) {
    throw new AirlockError("AIRLOCK_E_IMAGE_INVALID", `"${variant}" is not an mmdebstrap variant`, {
      fix: `use one of ${[...variants].join(", ")}`,
    });
  }
  for (const option of input.aptOptions) {
    if (/[\n\r\0]/.test(option) || option.trim().length === 0) {
      throw new AirlockError(
        "AIRLOCK_E_IMAGE_INVALID",
        `apt option ${JSON.stringify(option)} is not one line`,
      );
    }
  }
  return {
    format: imageFormatVersion,
    suite,
    variant,
    packages: canonicalPackages(input.packages),
    mirror: canonicalMirror(input.mirror, "mirror"),
    securityMirror:
      input.securityMirror === null
        ? null
        : canonicalMirror(input.securityMirror, "security mirror"),
    aptOptions: [...new Set(input.aptOptions.map((o) => o.trim()))].sort(),
  };
}

/** JSON with object keys sorted at every level and no whitespace: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The content address of a recipe: sha256 of its canonical JSON, 64 hex characters. */
export function recipeId(recipe: ImageRecipe): string {
  const canonical: ImageRecipe = {
    ...recipe,
    packages: [...new Set(recipe.packages)].sort(),
    aptOptions: [...new Set(recipe.aptOptions)].sort(),
  };
  return createHash("sha256").update(canonicalJson(canonical)).digest("hex");
}

/** The apt sources the build uses (and the image keeps in /etc/apt/sources.list). */
export function recipeSources(recipe: ImageRecipe): string[] {
  const sources = [
    `deb ${recipe.mirror} ${recipe.suite} main`,
    `deb ${recipe.mirror} ${recipe.suite}-updates main`,
  ];
  if (recipe.securityMirror !== null) {
    sources.push(`deb ${recipe.securityMirror} ${recipe.suite}-security main`);
  }
  return sources;
}

/** Parses a recipe read back from image.json; undefined when it is not one. */
export function parseRecipe(value: unknown): ImageRecipe | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const isStringArray = (x: unknown): x is string[] =>
    Array.isArray(x) && x.every((e) => typeof e === "string");
  if (
    typeof v["format"] !== "number" ||
    typeof v["suite"] !== "string" ||
    typeof v["variant"] !== "string" ||
    !isStringArray(v["packages"]) ||
    typeof v["mirror"] !== "string" ||
    (v["securityMirror"] !== null && typeof v["securityMirror"] !== "string") ||
    !isStringArray(v["aptOptions"])
  ) {
    return undefined;
  }
  return {
    format: v["format"],
    suite: v["suite"],
    variant: v["variant"],
    packages: v["packages"],
    mirror: v["mirror"],
    securityMirror: v["securityMirror"],
    aptOptions: v["aptOptions"],
  };
}
