/** The flags GitLab accepts after a `/pattern/` (RE2's i, m, s and U). */
export const patternFlags = "imsU";

/**
 * Splits `/pattern/flags` the way GitLab's RubySyntax does (whole text, flags from i m s U),
 * or undefined when the text is not of that form.
 */
export function parseSlashPattern(
  text: string,
): { readonly source: string; readonly flags: string } | undefined {
  const match = /^\/(.*)\/([imsU]*)$/su.exec(text);
  if (match === null) return undefined;
  return { source: match[1] ?? "", flags: match[2] ?? "" };
}
