/** The exact command that installs a Debian package. */
export function aptInstall(pkg: string): string {
  return `apt-get install -y --no-install-recommends ${pkg}`;
}
