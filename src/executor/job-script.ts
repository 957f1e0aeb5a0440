import { singleQuote } from "./single-quote.js";

/**
 * The shell program GitLab Runner's bash shell writes for a list of script lines
 * (before_script + script, or after_script): `errexit` and, where the shell has it,
 * `pipefail` (tested in a subshell rather than with the runner's `set -o | grep`, so the
 * program is plain POSIX sh needing no other tool: images without bash run it with sh); each line echoed as `$ <first line>` (plus `# collapsed multi-line command`
 * when it has more lines) and then run as written. The program is meant for the shell's
 * stdin: the body runs behind `: |`, so the job's commands read an empty stdin, never the
 * rest of the program. Lines run as written, in one shell, as the runner's: a line ending in
 * `&&` or an open quote continues into the next one there too. A blank line after each line
 * keeps a trailing `\` from swallowing the next line's echo.
 */
export function jobScript(lines: readonly string[]): string {
  const body = lines.map(commandBlock).join("");
  return [
    "trap exit 1 TERM",
    "if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi; set -o errexit",
    "set +o noclobber",
    `: | eval ${singleQuote(body)}`,
    "exit 0",
    "",
  ].join("\n");
}

function commandBlock(line: string): string {
  const command = line.trim();
  if (command === "") return "echo\n";
  const newline = command.indexOf("\n");
  const shown =
    newline === -1
      ? `$ ${command}`
      : `$ ${command.slice(0, newline)} # collapsed multi-line command`;
  // The blank line after the command ends a trailing `\` continuation, as the end of a file would.
  return `printf '%s\\n' ${singleQuote(shown)}\n${command}\n\n`;
}
