import { AirlockError } from "../../core/airlock-error.js";
import { defaultSize, makeSandboxSpec } from "../../sandbox/sandbox-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { safeGitConfig, safeGitEnv } from "./safe-git-config.js";

/** Where the helper sandbox sees the mirror and the job's source directory. */
const mirrorMount = "/airlock/mirror.git";
const sourceMount = "/airlock/source";

/** What the helper checks out, and where. */
export interface CheckoutRequest {
  /** A container backend: the microVM backend refuses mounts. */
  readonly backend: SandboxBackend;
  /** An airlock image with git (the runner's default image). */
  readonly image: string;
  /** The bare mirror, mounted read-only. */
  readonly mirrorDir: string;
  /**
   * The job's source directory on the host, mounted read-write: it must be empty and
   * writable by the sandbox's root (an unmapped host uid).
   */
  readonly sourceDir: string;
  /** The repository's URL without credentials: the checkout's `origin`. */
  readonly url: string;
  readonly sha: string;
  readonly ref: string;
  /** The payload's refspecs the mirror has. */
  readonly refspecs: readonly string[];
  /** undefined: the whole history. */
  readonly depth: number | undefined;
}

/**
 * Checks the job's commit out as GitLab Runner's fetch does (init, fetch of the refspecs
 * and the sha at the depth, forced checkout of the sha as a detached HEAD), but inside a
 * throw-away sandbox with no network that sees only the read-only mirror and the source
 * directory: whatever the repository holds is handled by git there, never on the host.
 * git's output goes to `log`. The sandbox is destroyed before this returns. A failing
 * step throws AIRLOCK_E_GIT_SOURCES.
 */
export async function checkoutInSandbox(
  request: CheckoutRequest,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  log(`Checking out in a helper sandbox of image ${request.image} without network`);
  await using sandbox = await request.backend.create(
    makeSandboxSpec({
      backend: "container",
      image: request.image,
      size: { ...defaultSize, pids: 512 },
      network: { kind: "none" },
      mounts: [
        { source: request.mirrorDir, destination: mirrorMount, readonly: true },
        { source: request.sourceDir, destination: sourceMount, readonly: false },
      ],
      hostname: "airlock-git",
    }),
  );
  // Global configuration, not `-c`: git passes no `-c` to the upload-pack it starts for
  // file://, and that one must accept the mirror, which belongs to host root (unmapped here).
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
  const git = async (args: readonly string[]): Promise<void> => {
    let output = "";
    const result = await sandbox.exec(["git", ...config, ...args], {
      env,
      cwd: sourceMount,
      signal,
      onOutput: (_stream, chunk) => (output += chunk.toString("utf8")),
    });
    const lines = output.trim() === "" ? [] : output.trim().split("\n");
    for (const line of lines) log(line);
    if (result.end === "aborted")
      throw new AirlockError("AIRLOCK_E_GIT_SOURCES", "the checkout was stopped");
    if (result.exitCode !== 0) {
      throw new AirlockError(
        "AIRLOCK_E_GIT_SOURCES",
        `git ${args[0] ?? ""} failed in the checkout sandbox (exit code ${result.exitCode})${lines.length > 0 ? `: ${lines.at(-1) ?? ""}` : ""}`,
        {
          fix:
            result.exitCode === 127
              ? `the image ${request.image} has no git: set [runners.airlock] default_image to an image with git`
              : "check the repository and the job's ref",
        },
      );
    }
  };
  await git(["init", "--quiet", "--template=", "."]);
  await git(["remote", "add", "origin", request.url]);
  log("Created fresh repository.");
  const depth = request.depth === undefined ? [] : [`--depth=${request.depth}`];
  log(`Fetching changes${depth.length > 0 ? ` with git depth set to ${request.depth}` : ""}...`);
  await git([
    "fetch",
    "--quiet",
    "--no-tags",
    ...depth,
    `file://${mirrorMount}`,
    ...request.refspecs,
    `+${request.sha}:refs/airlock/job`,
  ]);
  log(`Checking out ${request.sha.slice(0, 8)} as detached HEAD (ref is ${request.ref})...`);
  await git(["checkout", "-f", "-q", request.sha]);
  await git(["update-ref", "-d", "refs/airlock/job"]);
  log("Skipping Git submodules setup");
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
