export type VariableTextPart =
  | { readonly kind: "text"; readonly text: string }
  /** `$NAME` or `${NAME}`; `written` is the reference as it appears in the text. */
  | { readonly kind: "reference"; readonly name: string; readonly written: string };

/**
 * Splits text the way GitLab Runner expands variables (Go's `os.Expand` with the runner's
 * lookup, common/variables.go): `$$` is `$`; `$NAME` takes the longest run of letters,
 * digits and `_`; `${NAME}` takes anything up to `}`; shell special parameters (`$1`, `$#`,
 * `$?`, `$*`, `$@`, `$!`, `$-`) become nothing; `${}` and an unclosed `${` are dropped; a `$`
 * followed by anything else (a space, `/`, the end of the text) stays as it is.
 */
export function splitVariableText(text: string): readonly VariableTextPart[] {
  const parts: VariableTextPart[] = [];
  let plain = "";
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf("$", index);
    if (dollar === -1 || dollar === text.length - 1) {
      plain += text.slice(index);
      break;
    }
    plain += text.slice(index, dollar);
    const { name, width } = shellName(text, dollar + 1);
    if (name === "" && width === 0) plain += "$";
    else if (name === "$") plain += "$";
    else if (name !== "" && !isSpecial(name)) {
      if (plain !== "") parts.push({ kind: "text", text: plain });
      plain = "";
      parts.push({ kind: "reference", name, written: text.slice(dollar, dollar + 1 + width) });
    }
    index = dollar + 1 + width;
  }
  if (plain !== "") parts.push({ kind: "text", text: plain });
  return parts;
}

/** Go's getShellName: the name after `$` and how many characters it spans. */
function shellName(text: string, start: number): { readonly name: string; readonly width: number } {
  const first = text.charAt(start);
  if (first === "{") {
    const inner = text.charAt(start + 1);
    if (text.length - start > 2 && isSpecial(inner) && text.charAt(start + 2) === "}") {
      return { name: inner, width: 3 };
    }
    const close = text.indexOf("}", start + 1);
    if (close === start + 1) return { name: "", width: 2 };
    if (close === -1) return { name: "", width: 1 };
    return { name: text.slice(start + 1, close), width: close - start + 1 };
  }
  if (isSpecial(first)) return { name: first, width: 1 };
  let end = start;
  while (end < text.length && /[A-Za-z0-9_]/.test(text.charAt(end))) end++;
  return { name: text.slice(start, end), width: end - start };
}

function isSpecial(name: string): boolean {
  return name.length === 1 && "*#$@!?-0123456789".includes(name);
}
