/**
 * A doublestar pattern (as GitLab Runner's artifact and cache `paths`) as an anchored RegExp
 * over `/`-separated relative paths: `**` as a whole segment matches zero or more
 * directories (`a/**` also matches `a` itself), `*` any run of characters but `/`, `?` one
 * such character, `[abc]`, `[a-z]`, `[!x]`/`[^x]` one character of (not) the class, `{a,b}`
 * one of the alternatives, `\x` the character x. Dots are not special.
 */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split("/");
  let source = "";
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === "**") {
      if (index === 0) source += last ? ".*" : "(?:.*/)?";
      else source += last ? "(?:/.*)?" : "/(?:.*/)?";
      return;
    }
    if (index > 0 && segments[index - 1] !== "**") source += "/";
    source += segmentSource(segment);
  });
  return new RegExp(`^${source}$`, "s");
}

function segmentSource(segment: string): string {
  let out = "";
  for (let at = 0; at < segment.length; at++) {
    const char = segment.charAt(at);
    if (char === "*") {
      while (segment.charAt(at + 1) === "*") at++;
      out += "[^/]*";
    } else if (char === "?") {
      out += "[^/]";
    } else if (char === "\\" && at + 1 < segment.length) {
      at++;
      out += escapeRegExp(segment.charAt(at));
    } else if (char === "[") {
      const close = segment.indexOf("]", at + 2);
      if (close === -1) {
        out += "\\[";
        continue;
      }
      out += classSource(segment.slice(at + 1, close));
      at = close;
    } else if (char === "{") {
      const close = segment.indexOf("}", at);
      if (close === -1) {
        out += "\\{";
        continue;
      }
      const options = segment.slice(at + 1, close).split(",");
      out += `(?:${options.map(segmentSource).join("|")})`;
      at = close;
    } else {
      out += escapeRegExp(char);
    }
  }
  return out;
}

function classSource(body: string): string {
  const negated = body.startsWith("!") || body.startsWith("^");
  const members = (negated ? body.slice(1) : body).replace(/[\\\]^[]/g, "\\$&");
  return negated ? `[^/${members}]` : `[${members}]`;
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
