import type { ConfigKind } from "./config-kind.js";

/**
 * Guesses what a file is from its name, then from its first meaningful text. Returns
 * undefined when neither tells.
 */
export function detectConfigKind(file: string, text: string): ConfigKind | undefined {
  const name = file.split("/").at(-1) ?? file;
  if (name.endsWith(".nspawn")) return "nspawn";
  if (name === "daemon.json" || name.endsWith(".daemon.json")) return "docker-daemon";
  if (name.endsWith(".toml")) return "gitlab-runner";
  const body = text.replace(/^\s*(#.*)?$/gm, "").trim();
  if (name.endsWith(".json") || body.startsWith("{")) return "docker-daemon";
  if (/^\[\[runners\]\]/m.test(text) || /^\s*concurrent\s*=/m.test(text)) return "gitlab-runner";
  if (/^\[(Exec|Files|Network)\]\s*$/m.test(text)) return "nspawn";
  if (
    name.endsWith(".yaml") ||
    name.endsWith(".yml") ||
    /^(runner|container|cache|log):\s*$/m.test(text)
  ) {
    return "act-runner";
  }
  return undefined;
}
