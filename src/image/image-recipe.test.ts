import { describe, expect, it } from "vitest";
import { isAirlockError } from "../core/airlock-error.js";
import {
  canonicalJson,
  defaultPackages,
  imageFormatVersion,
  makeRecipe,
  parsePackageList,
  parseRecipe,
  recipeId,
  recipeSources,
  type RecipeInput,
} from "./image-recipe.js";

const base: RecipeInput = {
  packages: ["git", "curl", "bash"],
  mirror: "http://deb.debian.org/debian",
  securityMirror: "http://deb.debian.org/debian-security",
  aptOptions: ['Acquire::Check-Valid-Until "false"', 'Acquire::Check-Date "false"'],
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error: unknown) {
    return isAirlockError(error) ? error.code : "not an AirlockError";
  }
  return undefined;
}

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: "x" }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });

  it("is equal for equal values built in different orders", () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe("makeRecipe", () => {
  it("sorts and dedupes packages and apt options, strips trailing slashes, records the format", () => {
    const recipe = makeRecipe({
      ...base,
      packages: ["git", "bash", "git"],
      mirror: "http://deb.debian.org/debian/",
    });
    expect(recipe).toEqual({
      format: imageFormatVersion,
      suite: "bookworm",
      variant: "minbase",
      packages: ["bash", "git"],
      mirror: "http://deb.debian.org/debian",
      securityMirror: "http://deb.debian.org/debian-security",
      aptOptions: ['Acquire::Check-Date "false"', 'Acquire::Check-Valid-Until "false"'],
    });
  });

  it("rejects invalid package names, mirrors and multi-line apt options", () => {
    expect(codeOf(() => makeRecipe({ ...base, packages: ["Bad_Name"] }))).toBe(
      "AIRLOCK_E_IMAGE_INVALID",
    );
    expect(codeOf(() => makeRecipe({ ...base, packages: ["--evil"] }))).toBe(
      "AIRLOCK_E_IMAGE_INVALID",
    );
    expect(codeOf(() => makeRecipe({ ...base, packages: ["a,b"] }))).toBe(
      "AIRLOCK_E_IMAGE_INVALID",
    );
    expect(codeOf(() => makeRecipe({ ...base, mirror: "ftp://x/debian" }))).toBe(
      "AIRLOCK_E_IMAGE_INVALID",
    );
    expect(codeOf(() => makeRecipe({ ...base, mirror: "not a url" }))).toBe(
      "AIRLOCK_E_IMAGE_INVALID",
    );
    expect(codeOf(() => makeRecipe({ ...base, aptOptions: ['A "1";\nB "2"'] }))).toBe(
      "AIRLOCK_E_IMAGE_INVALID",
    );
    expect(codeOf(() => makeRecipe({ ...base, variant: "huge" }))).toBe("AIRLOCK_E_IMAGE_INVALID");
  });

  it("accepts every default package", () => {
    expect(makeRecipe({ ...base, packages: defaultPackages }).packages).toHaveLength(
      defaultPackages.length,
    );
  });
});

describe("recipeId", () => {
  const id = recipeId(makeRecipe(base));

  it("is 64 hex characters", () => {
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not change with the order of packages or apt options", () => {
    const reordered = makeRecipe({
      ...base,
      packages: ["bash", "git", "curl", "curl"],
      aptOptions: [...base.aptOptions].reverse(),
    });
    expect(recipeId(reordered)).toBe(id);
  });

  it("changes when a package is added", () => {
    expect(recipeId(makeRecipe({ ...base, packages: [...base.packages, "jq"] }))).not.toBe(id);
  });

  it("changes with the mirror, the security mirror, the apt options, the suite and the format", () => {
    const recipe = makeRecipe(base);
    const variants = [
      makeRecipe({ ...base, mirror: "http://ftp.de.debian.org/debian" }),
      makeRecipe({ ...base, securityMirror: null }),
      makeRecipe({ ...base, aptOptions: [] }),
      makeRecipe({ ...base, suite: "trixie" }),
      { ...recipe, format: recipe.format + 1 },
    ];
    const ids = new Set([id, ...variants.map(recipeId)]);
    expect(ids.size).toBe(variants.length + 1);
  });

  it("survives a round trip through JSON (image.json)", () => {
    const recipe = makeRecipe(base);
    const back = parseRecipe(JSON.parse(JSON.stringify(recipe)));
    expect(back).toEqual(recipe);
    expect(recipeId(back ?? recipe)).toBe(id);
    expect(parseRecipe({ ...recipe, packages: "git" })).toBeUndefined();
  });
});

describe("parsePackageList", () => {
  it("splits on commas and spaces", () => {
    expect(parsePackageList("nodejs,npm  g++ ,")).toEqual(["nodejs", "npm", "g++"]);
  });

  it("names the rule for an invalid name", () => {
    expect(() => parsePackageList("ok,NotOk")).toThrow(
      /"NotOk" is not a valid Debian package name/,
    );
  });
});

describe("recipeSources", () => {
  it("lists the suite, its updates and its security archive", () => {
    expect(recipeSources(makeRecipe(base))).toEqual([
      "deb http://deb.debian.org/debian bookworm main",
      "deb http://deb.debian.org/debian bookworm-updates main",
      "deb http://deb.debian.org/debian-security bookworm-security main",
    ]);
    expect(recipeSources(makeRecipe({ ...base, securityMirror: null }))).toHaveLength(2);
  });
});
