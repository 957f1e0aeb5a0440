/**
 * What a freshly built image must not carry from the host that built it (mmdebstrap copies
 * the host's /etc/resolv.conf and /etc/hostname in, apt and dpkg leave logs and caches), and
 * what every sandbox should find instead. Pure data: `sanitise-rootfs.host.ts` applies it,
 * never following a symlink, so nothing outside the rootfs can be touched.
 *
 * Paths are absolute inside the image.
 */
export type SanitiseAction =
  /** Replace whatever is there (file, symlink) with a regular root-owned file. */
  | { readonly kind: "write"; readonly content: string; readonly mode: number }
  /** Remove the file, symlink or directory if present. */
  | { readonly kind: "remove" }
  /** Remove everything inside the directory; keep the directory itself. */
  | { readonly kind: "clear-dir" }
  /** Remove the directory's entries whose names match. */
  | { readonly kind: "remove-matching"; readonly pattern: RegExp }
  /** Truncate every regular file below the directory to 0 bytes (keeps owners and modes). */
  | { readonly kind: "empty-files" };

export interface SanitiseEntry {
  readonly path: string;
  readonly action: SanitiseAction;
  readonly reason: string;
}

export const sanitisedHostname = "airlock";

export const sanitisedResolvConf =
  "# airlock replaces this file with the sandbox's resolver when a sandbox starts.\n" +
  "# The image carries no resolver of its own (and never the build host's).\n";

export const sanitisedHosts = [
  "127.0.0.1\tlocalhost",
  `127.0.1.1\t${sanitisedHostname}`,
  "::1\t\tlocalhost ip6-localhost ip6-loopback",
  "ff02::1\t\tip6-allnodes",
  "ff02::2\t\tip6-allrouters",
  "",
].join("\n");

export const sanitiseList: readonly SanitiseEntry[] = [
  {
    path: "/etc/resolv.conf",
    action: { kind: "write", content: sanitisedResolvConf, mode: 0o644 },
    reason: "mmdebstrap copies the build host's resolver in; it names host-internal DNS servers",
  },
  {
    path: "/etc/hostname",
    action: { kind: "write", content: `${sanitisedHostname}\n`, mode: 0o644 },
    reason: "mmdebstrap copies the build host's hostname in",
  },
  {
    path: "/etc/hosts",
    action: { kind: "write", content: sanitisedHosts, mode: 0o644 },
    reason: "generic localhost lines only: no host names or addresses of the build host",
  },
  {
    path: "/etc/machine-id",
    action: { kind: "write", content: "", mode: 0o444 },
    reason: "every sandbox must not share one machine id (empty means 'not yet initialised')",
  },
  {
    path: "/var/lib/dbus/machine-id",
    action: { kind: "remove" },
    reason: "second copy (or symlink) of the machine id",
  },
  {
    path: "/var/lib/systemd/random-seed",
    action: { kind: "remove" },
    reason: "a random seed shared by every sandbox is no seed",
  },
  {
    path: "/etc/mailname",
    action: { kind: "remove" },
    reason: "mail packages write the build host's FQDN here",
  },
  {
    path: "/etc/apt/apt.conf.d/99mmdebstrap",
    action: { kind: "remove" },
    reason: "build-time apt options (--aptopt); apt in the sandbox uses Debian's defaults",
  },
  {
    path: "/etc/dpkg/dpkg.cfg.d/99mmdebstrap",
    action: { kind: "remove" },
    reason: "build-time dpkg options (--dpkgopt)",
  },
  {
    path: "/var/lib/apt/lists",
    action: { kind: "clear-dir" },
    reason: "package lists go stale; jobs run `apt-get update` (and it keeps the image small)",
  },
  {
    path: "/var/cache/apt",
    action: { kind: "remove-matching", pattern: /\.bin$/ },
    reason: "apt's binary caches are rebuilt from the lists on demand",
  },
  {
    path: "/var/cache/apt/archives",
    action: { kind: "remove-matching", pattern: /\.deb$/ },
    reason: "downloaded packages: size only",
  },
  {
    path: "/var/cache/apt/archives/partial",
    action: { kind: "clear-dir" },
    reason: "half-downloaded packages",
  },
  {
    path: "/var/log",
    action: { kind: "empty-files" },
    reason: "build logs (apt, dpkg, alternatives) with build times; jobs start with empty logs",
  },
  {
    path: "/etc/ssh",
    action: { kind: "remove-matching", pattern: /^ssh_host_.*_key(\.pub)?$/ },
    reason: "ssh host keys generated at build time would be shared by every sandbox",
  },
  {
    path: "/root/.bash_history",
    action: { kind: "remove" },
    reason: "shell history of whoever built the image",
  },
  {
    path: "/tmp",
    action: { kind: "clear-dir" },
    reason: "leftovers of maintainer scripts",
  },
  {
    path: "/var/tmp",
    action: { kind: "clear-dir" },
    reason: "leftovers of maintainer scripts",
  },
];
