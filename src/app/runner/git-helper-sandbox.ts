import { AirlockError } from "../../core/airlock-error.js";
import { defaultSize, makeSandboxSpec, type SandboxMount } from "../../sandbox/sandbox-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { safeGitConfig, safeGitEnv } from "./safe-git-config.js";

/** Where a helper sandbox sees the job's source directory. */
export const sourceMount = "/airlock/source";

/** The sandbox that handles a repository's content for the host; see openGitHelper. */
export interface GitHelperRequest {
  /** A container backend: the microVM backend refuses mounts. */
  readonly backend: SandboxBackend;
  /** An airlock image with git (the runner's default image). */
  readonly image: string;
  /** The read-only mirrors and the read-write source directory. */
  readonly mounts: readonly SandboxMount[];
  /** Extra `section.key=value` settings for the sandbox's global git configuration. */
  readonly settings?: readonly string[];
}

/** What one git command in the helper printed. */
export interface GitOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** git in a helper sandbox; destroyed by `await using`. */
export interface GitHelper extends AsyncDisposable {
  /** Runs git (safe settings first) in `cwd`; its output goes to the log; a failure throws. */
  readonly git: (args: readonly string[], cwd?: string) => Promise<void>;
  /** Writes `<source>/<name>` (empty) as the sandbox's root: the host reads its owner. */
  readonly markOwner: (name: string) => Promise<void>;
  /** Runs git and returns its output, logging nothing; only an aborted run throws. */
  readonly capture: (args: readonly string[], cwd?: string) => Promise<GitOutput>;
}

/**
 * A throw-away container sandbox with no network in which git handles repository content
 * (safeGitConfig, file:// only, hooks off): the host never does. Its global configuration
 * also holds the settings upload-pack needs for the mounted mirrors, which belong to host
 * root (an unmapped uid there). A failing `git` throws AIRLOCK_E_GIT_SOURCES with git's
 * last message.
 */
export async function openGitHelper(
  request: GitHelperRequest,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<GitHelper> {
  const sandbox = await request.backend.create(
    makeSandboxSpec({
      backend: "container",
      image: request.image,
      size: { ...defaultSize, pids: 512 },
      network: { kind: "none" },
      mounts: [...request.mounts],
      hostname: "airlock-git",
    }),
  );
  try {
    // Global configuration, not `-c`: git passes no `-c` to the upload-pack it starts for
    // file://, and that one must accept the mirrors.
    const globalConfig = "/tmp/airlock-gitconfig";
    const env = {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      HOME: "/tmp",
      ...safeGitEnv("file"),
      GIT_CONFIG_GLOBAL: globalConfig,
    };
    const settings = [
      ...safeGitConfig("allow-file").filter((arg) => arg !== "-c"),
      "safe.directory=*",
      "uploadpack.allowAnySHA1InWant=true",
      "init.defaultBranch=main",
      ...(request.settings ?? []),
    ];
    const written = await sandbox.exec(["sh", "-c", 'cat > "$1"', "sh", globalConfig], {
      env,
      stdin: gitConfigText(settings),
      signal,
    });
    if (written.exitCode !== 0) {
      throw new AirlockError(
        "AIRLOCK_E_GIT_SOURCES",
        "the checkout sandbox could not write its git configuration",
      );
    }
    const config = safeGitConfig("allow-file");
    const capture = async (args: readonly string[], cwd = sourceMount): Promise<GitOutput> => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const result = await sandbox.exec(["git", ...config, ...args], {
        env,
        cwd,
        signal,
        onOutput: (stream, chunk) => (stream === "stdout" ? stdout : stderr).push(chunk),
      });
      if (result.end === "aborted")
        throw new AirlockError("AIRLOCK_E_GIT_SOURCES", "the checkout was stopped");
      return {
        exitCode: result.exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
    };
    const git = async (args: readonly string[], cwd = sourceMount): Promise<void> => {
      const output = await capture(args, cwd);
      const text = `${output.stdout}${output.stderr}`.trim();
      const lines = text === "" ? [] : text.split("\n");
      for (const line of lines) log(line);
      if (output.exitCode !== 0) {
        throw new AirlockError(
          "AIRLOCK_E_GIT_SOURCES",
          `git ${args[0] ?? ""} failed in the checkout sandbox (exit code ${output.exitCode})${lines.length > 0 ? `: ${lines.at(-1) ?? ""}` : ""}`,
          {
            fix:
              output.exitCode === 127
                ? `the image ${request.image} has no git: set [runners.airlock] default_image to an image with git`
                : "check the repository and the job's ref",
          },
        );
      }
    };
    const markOwner = async (name: string): Promise<void> => {
      const marked = await sandbox.exec(
        ["sh", "-c", 'rm -f "$1" && : > "$1"', "sh", `${sourceMount}/${name}`],
        {
          env,
          signal,
        },
      );
      if (marked.exitCode !== 0) {
        throw new AirlockError(
          "AIRLOCK_E_GIT_SOURCES",
          "the checkout sandbox could not write into the source directory",
        );
      }
    };
    return {
      git,
      capture,
      markOwner,
      [Symbol.asyncDispose]: () => sandbox[Symbol.asyncDispose](),
    };
  } catch (error: unknown) {
    await sandbox[Symbol.asyncDispose]();
    throw error;
  }
}

/** `section.key=value` settings as a git configuration file. */
function gitConfigText(settings: readonly string[]): string {
  return settings
    .map((setting) => {
      const equals = setting.indexOf("=");
      const name = setting.slice(0, equals);
      const first = name.indexOf(".");
      const last = name.lastIndexOf(".");
      const section =
        first === last
          ? name.slice(0, first)
          : `${name.slice(0, first)} "${name.slice(first + 1, last)}"`;
      return `[${section}]\n\t${name.slice(last + 1)} = "${setting.slice(equals + 1)}"\n`;
    })
    .join("");
}
