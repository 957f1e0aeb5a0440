/**
 * Whether `host` (`name[:port]`, IPv6 in brackets) may be spoken to over plain HTTP: only
 * loopback registries (localhost, 127.0.0.0/8, [::1]) and the hosts listed as insecure.
 * Everything else is HTTPS with certificate verification.
 */
export function plainHttpAllowed(host: string, insecureRegistries: readonly string[]): boolean {
  if (insecureRegistries.includes(host)) return true;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  return name === "localhost" || name === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(name ?? "");
}

/** The base URL of a registry's API. */
export function registryBaseUrl(host: string, insecureRegistries: readonly string[]): string {
  return `${plainHttpAllowed(host, insecureRegistries) ? "http" : "https"}://${host}`;
}
