import { splitVariableText } from "./split-variable-text.js";

/**
 * Replaces `$NAME` and `${NAME}` with `lookup(name)`, an undefined variable with nothing,
 * and `$$` with `$`, as GitLab Runner does (see splitVariableText for the rest of the
 * syntax). Replacement values are inserted as they are, never expanded again.
 */
export function expandText(text: string, lookup: (name: string) => string | undefined): string {
  return splitVariableText(text)
    .map((part) => (part.kind === "text" ? part.text : (lookup(part.name) ?? "")))
    .join("");
}
