/**
 * The host apt settings an image build carries over (as mmdebstrap `--aptopt`s): only those
 * that decide whether the host's mirror can be used at all. This host's mirror serves
 * Release files whose Date / Valid-Until apt would otherwise reject, and the host says so
 * with these two options. Nothing else is copied (proxies with credentials would end up in
 * image.json; apt honours http_proxy from the environment anyway).
 */
export const carriedAptOptions = ["Acquire::Check-Valid-Until", "Acquire::Check-Date"] as const;

const falseWords = new Set(["false", "no", "0", "off", "without"]);

/** The carried-over options that `apt-config dump` output switches off, as `Key "false"`. */
export function aptOptionsFromDump(dump: string): string[] {
  const values = new Map<string, string>();
  for (const line of dump.split("\n")) {
    const match = /^([^\s"]+)\s+"([^"]*)";\s*$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined)
      values.set(match[1].toLowerCase(), match[2]);
  }
  return carriedAptOptions
    .filter((key) => falseWords.has((values.get(key.toLowerCase()) ?? "").toLowerCase()))
    .map((key) => `${key} "false"`);
}
