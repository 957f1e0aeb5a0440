import { describe, expect, it } from "vitest";
import { expandText } from "./expand-text.js";

const known: Readonly<Record<string, string>> = {
  FLAGS: "-al",
  HOME_DIR: "/home/ci",
  A: "a",
  AB: "ab",
};

function lookup(name: string): string | undefined {
  return Object.hasOwn(known, name) ? known[name] : undefined;
}

describe("expandText", () => {
  // https://docs.gitlab.com/ci/variables/#use-cicd-variables-in-other-variables
  it("replaces $VAR and ${VAR}", () => {
    expect(expandText('ls "$FLAGS"', lookup)).toBe('ls "-al"');
    expect(expandText("${HOME_DIR}/bin", lookup)).toBe("/home/ci/bin");
  });

  // https://docs.gitlab.com/ci/variables/#use-the--character-in-cicd-variables
  it("turns $$ into a literal $", () => {
    expect(expandText('ls "$FLAGS" $$TMP_DIR', lookup)).toBe('ls "-al" $TMP_DIR');
    expect(expandText("$$$$", lookup)).toBe("$$");
  });

  it("takes the longest name after $ and only up to } inside braces", () => {
    expect(expandText("$AB", lookup)).toBe("ab");
    expect(expandText("${A}B", lookup)).toBe("aB");
    expect(expandText("$A-B", lookup)).toBe("a-B");
  });

  it("replaces an undefined variable with nothing, as the runner does", () => {
    expect(expandText("x${NOPE}y$NOPE.z", lookup)).toBe("xy.z");
  });

  it("keeps a $ that no name follows", () => {
    expect(expandText("costs 5$", lookup)).toBe("costs 5$");
    expect(expandText("a $ b", lookup)).toBe("a $ b");
    expect(expandText("50$/month", lookup)).toBe("50$/month");
  });

  it("drops shell special parameters and broken braces, like Go's os.Expand", () => {
    expect(expandText("x$1y", lookup)).toBe("xy");
    expect(expandText("$?$#$@$*$!", lookup)).toBe("");
    expect(expandText("a${}b", lookup)).toBe("ab");
    expect(expandText("a${A", lookup)).toBe("aA");
  });

  it("does not expand what a replacement contains", () => {
    expect(expandText("$X", () => "$FLAGS")).toBe("$FLAGS");
  });
});
