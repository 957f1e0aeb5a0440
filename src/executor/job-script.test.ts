import { describe, expect, it } from "vitest";
import { runCommand } from "../core/run-command.host.js";
import { jobScript } from "./job-script.js";

// The program is run by the local bash and sh (dash here), fed on stdin as the executor does.
const run = (shell: string, lines: readonly string[], env: Record<string, string> = {}) =>
  runCommand([shell], { input: jobScript(lines), env: { PATH: process.env.PATH ?? "", ...env } });

describe.each(["bash", "sh"])("jobScript under %s", (shell) => {
  it("echoes each command as `$ <command>` before its output", async () => {
    const result = await run(shell, ["echo one", "echo two"]);
    expect(result.stdout).toBe("$ echo one\none\n$ echo two\ntwo\n");
    expect(result.exitCode).toBe(0);
  });

  it("stops at the first failing command and exits with its code", async () => {
    const result = await run(shell, ["echo before", "exit 7", "echo after"]);
    expect(result.stdout).toBe("$ echo before\nbefore\n$ exit 7\n");
    expect(result.exitCode).toBe(7);
  });

  it("stops at a failing simple command", async () => {
    const result = await run(shell, ["false", "echo never"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toContain("never");
  });

  it("does not fail on a failing left side of && (errexit semantics)", async () => {
    const result = await run(shell, ["false && echo no", "echo yes"]);
    expect(result.stdout).toContain("yes\n");
    expect(result.exitCode).toBe(0);
  });

  it("keeps quotes, $VAR and backslashes exactly as written", async () => {
    const result = await run(shell, [`printf '%s|%s|%s\\n' "a b" '$HOME' "$GREETING"`], {
      GREETING: "hi there",
    });
    expect(result.stdout).toContain(`$ printf '%s|%s|%s\\n' "a b" '$HOME' "$GREETING"\n`);
    expect(result.stdout).toContain("a b|$HOME|hi there\n");
  });

  it("shows a multi-line command's first line with `# collapsed multi-line command`", async () => {
    const result = await run(shell, ["echo first\necho second"]);
    expect(result.stdout).toBe("$ echo first # collapsed multi-line command\nfirst\nsecond\n");
  });

  it("runs a heredoc", async () => {
    const result = await run(shell, ["cat <<EOF\nline $X\nEOF", "echo done"], { X: "1" });
    expect(result.stdout).toContain("line 1\n$ echo done\ndone\n");
  });

  it("ends a trailing `\\` continuation at the end of the command", async () => {
    const result = await run(shell, ["echo a \\", "echo b"]);
    expect(result.stdout).toBe("$ echo a \\\na\n$ echo b\nb\n");
  });

  it("joins `\\` continuations inside a multi-line command", async () => {
    const result = await run(shell, ["echo a \\\n  b"]);
    expect(result.stdout).toContain("a b\n");
  });

  it("gives commands an empty stdin, never the rest of the program", async () => {
    const result = await run(shell, ["cat", "echo after"]);
    expect(result.stdout).toBe("$ cat\n$ echo after\nafter\n");
  });

  it("keeps shell state between lines (one shell for before_script + script)", async () => {
    const result = await run(shell, ["export V=kept", 'echo "$V"']);
    expect(result.stdout).toContain("kept\n");
  });

  it("echoes an empty line for an empty command and trims surrounding whitespace", async () => {
    const result = await run(shell, ["  echo x  ", ""]);
    expect(result.stdout).toBe("$ echo x\nx\n\n");
  });

  it("fails a pipeline whose first command fails when the shell has pipefail", async () => {
    const result = await run(shell, ["false | cat", "echo after"]);
    const hasPipefail = (await runCommand([shell, "-c", "set -o pipefail"])).exitCode === 0;
    expect(result.exitCode).toBe(hasPipefail ? 1 : 0);
  });
});

describe("jobScript", () => {
  it("needs nothing but a POSIX sh: no other tool on PATH, nothing on stderr", async () => {
    const result = await runCommand(["/bin/sh"], {
      input: jobScript(["echo only builtins"]),
      env: { PATH: "/nonexistent" },
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("$ echo only builtins\nonly builtins\n");
    expect(result.exitCode).toBe(0);
  });

  it("sets errexit and pipefail as the runner does", () => {
    expect(jobScript([])).toContain(
      "if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi; set -o errexit",
    );
  });
});
