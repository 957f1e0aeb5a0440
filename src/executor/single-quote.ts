/** `value` as one POSIX shell word that every shell reads back byte for byte. */
export function singleQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
