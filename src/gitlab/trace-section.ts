/**
 * GitLab's collapsible log sections: `section_start:<unix seconds>:<name>\r\e[0K<header>`
 * and `section_end:<unix seconds>:<name>\r\e[0K`, each on a line of its own. `name` is one
 * of GitLab Runner's (`prepare_executor`, `get_sources`, `step_script`, ...).
 */
export function sectionStart(name: string, header: string, nowMs: number): string {
  return `section_start:${Math.floor(nowMs / 1000)}:${name}\r\x1b[0K\x1b[0K\x1b[36;1m${header}\x1b[0;m`;
}

export function sectionEnd(name: string, nowMs: number): string {
  return `section_end:${Math.floor(nowMs / 1000)}:${name}\r\x1b[0K`;
}
