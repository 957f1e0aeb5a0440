/**
 * GitLab's slug (CI_COMMIT_REF_SLUG, CI_PROJECT_PATH_SLUG...): lowercased, every character but
 * a-z and 0-9 replaced by `-`, cut to 63 bytes, no `-` at either end.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
}
