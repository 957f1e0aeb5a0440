import type { ImageRecipe } from "./image-recipe.js";

export interface BuildFailureExplanation {
  /** What went wrong, in one line. */
  readonly summary: string;
  /** What the user should do. */
  readonly fix: string;
}

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(", ");

/**
 * Reads mmdebstrap's log of a failed build and says what went wrong and how to fix it. The
 * common causes are a package name that does not exist, the mirror being unreachable, and
 * apt rejecting the mirror's Release files.
 */
export function explainBuildFailure(
  log: string,
  recipe: ImageRecipe,
  imageName: string,
): BuildFailureExplanation {
  const all = (pattern: RegExp): string[] => [
    ...new Set([...log.matchAll(pattern)].map((m) => m[1] ?? "").filter((s) => s.length > 0)),
  ];
  const retry = `then run \`airlock image build ${imageName}\` again`;

  const missing = all(/^E: Unable to locate package (\S+)/gm);
  if (missing.length > 0) {
    const plural = missing.length > 1;
    return {
      summary: `package${plural ? "s" : ""} ${quoted(missing)} ${plural ? "do" : "does"} not exist in Debian ${recipe.suite} (${recipe.mirror})`,
      fix: `check the spelling at https://packages.debian.org/${recipe.suite}/ or with \`apt-cache search\`; ${retry}`,
    };
  }
  const noCandidate = all(/^E: Package '([^']+)' has no installation candidate/gm);
  if (noCandidate.length > 0) {
    return {
      summary: `package${noCandidate.length > 1 ? "s" : ""} ${quoted(noCandidate)} cannot be installed in Debian ${recipe.suite} (a virtual or removed package)`,
      fix: `pick the package that provides it (see https://packages.debian.org/${recipe.suite}/); ${retry}`,
    };
  }
  if (
    /held broken packages|Unable to correct problems|but it is not (going to be )?installable|but it is not installable/m.test(
      log,
    )
  ) {
    return {
      summary: `the requested packages cannot be installed together in Debian ${recipe.suite}`,
      fix: `remove the conflicting package from the recipe (the log above names it); ${retry}`,
    };
  }
  if (
    /Temporary failure resolving|Could not resolve|Could not connect|Failed to fetch|Connection failed|Network is unreachable|Connection timed out/m.test(
      log,
    )
  ) {
    return {
      summary: `the Debian mirror ${recipe.mirror} could not be reached`,
      fix: `check this host's network and DNS (\`curl -I ${recipe.mirror}/dists/${recipe.suite}/InRelease\`); ${retry}`,
    };
  }
  if (/is expired|is not valid yet|Release file .* invalid/m.test(log)) {
    return {
      summary: "apt rejected the mirror's Release file as expired or not yet valid",
      fix:
        'check the host clock; for a snapshot mirror set `Acquire::Check-Valid-Until "false";` and ' +
        `\`Acquire::Check-Date "false";\` in /etc/apt/apt.conf.d/ on this host; ${retry}`,
    };
  }
  if (
    /NO_PUBKEY|is not signed|signatures couldn't be verified|signatures were invalid/m.test(log)
  ) {
    return {
      summary: `apt could not verify the signature of ${recipe.mirror}`,
      fix: `install or update debian-archive-keyring on this host (\`apt-get install debian-archive-keyring\`); ${retry}`,
    };
  }
  if (/No space left on device/m.test(log)) {
    return {
      summary: "the disk holding the airlock state directory is full",
      fix: `free space (\`airlock image gc\` removes unused images); ${retry}`,
    };
  }
  return {
    summary: "mmdebstrap failed",
    fix: `read the log above; ${retry} with --verbose to see all of it`,
  };
}

/** The last `lines` non-empty lines of a log, for error messages. */
export function logTail(log: string, lines = 15): string {
  return log
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .slice(-lines)
    .join("\n");
}
