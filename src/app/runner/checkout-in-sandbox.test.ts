import { describe, expect, it } from "vitest";
import { isAirlockError } from "../../core/airlock-error.js";
import type { SandboxSpec } from "../../sandbox/sandbox-spec.js";
import type { ExecOptions, Sandbox, SandboxBackend } from "../../sandbox/sandbox.js";
import { checkoutInSandbox, type CheckoutRequest } from "./checkout-in-sandbox.js";

interface Recorded {
  readonly specs: SandboxSpec[];
  readonly execs: { readonly argv: readonly string[]; readonly options: ExecOptions }[];
  destroyed: number;
}

/** A backend whose sandboxes record what they are asked; `exitOf` decides each exec's status. */
function recordingBackend(exitOf: (argv: readonly string[]) => number): {
  readonly backend: SandboxBackend;
  readonly recorded: Recorded;
} {
  const recorded: Recorded = { specs: [], execs: [], destroyed: 0 };
  const backend: SandboxBackend = {
    name: "container",
    probe: () => Promise.resolve({ usable: true }),
    create: (spec) => {
      recorded.specs.push(spec);
      const destroy = (): Promise<{ removed: string[]; leftovers: string[] }> => {
        recorded.destroyed++;
        return Promise.resolve({ removed: [], leftovers: [] });
      };
      const sandbox: Sandbox = {
        id: "helper",
        spec,
        exec: (argv, options = {}) => {
          recorded.execs.push({ argv, options });
          const exitCode = exitOf(argv);
          if (exitCode !== 0) options.onOutput?.("stderr", Buffer.from("fatal: it broke\n"));
          return Promise.resolve({ end: "exited", exitCode });
        },
        copyIn: () => Promise.resolve(),
        copyOut: () => Promise.resolve(),
        destroy,
        [Symbol.asyncDispose]: async () => {
          await destroy();
        },
      };
      return Promise.resolve(sandbox);
    },
  };
  return { backend, recorded };
}

const sha = "a".repeat(40);
const request = (backend: SandboxBackend): CheckoutRequest => ({
  backend,
  image: "default",
  mirrorDir: "/var/lib/airlock/runner/git-cache/abc.git",
  sourceDir: "/var/lib/airlock/runner/jobs/7-x/source",
  url: "https://gitlab.example.com/g/p.git",
  sha,
  ref: "main",
  refspecs: ["+refs/heads/main:refs/remotes/origin/main"],
  depth: 20,
});

describe("checkoutInSandbox", () => {
  it("checks out in a sandbox without network that sees the mirror read-only, then destroys it", async () => {
    const { backend, recorded } = recordingBackend(() => 0);
    const log: string[] = [];
    await checkoutInSandbox(
      request(backend),
      (line) => log.push(line),
      new AbortController().signal,
    );
    expect(recorded.specs).toHaveLength(1);
    const spec = recorded.specs[0];
    expect(spec?.network).toEqual({ kind: "none" });
    expect(spec?.backend).toBe("container");
    expect(spec?.mounts).toEqual([
      {
        source: "/var/lib/airlock/runner/git-cache/abc.git",
        destination: "/airlock/mirror.git",
        readonly: true,
      },
      {
        source: "/var/lib/airlock/runner/jobs/7-x/source",
        destination: "/airlock/source",
        readonly: false,
      },
    ]);
    const gitCommands = recorded.execs
      .filter((e) => e.argv[0] === "git")
      .map((e) => e.argv.filter((arg, i, all) => arg !== "-c" && all[i - 1] !== "-c").slice(1));
    expect(gitCommands).toEqual([
      ["init", "--quiet", "--template=", "."],
      ["remote", "add", "origin", "https://gitlab.example.com/g/p.git"],
      [
        "fetch",
        "--quiet",
        "--no-tags",
        "--depth=20",
        "file:///airlock/mirror.git",
        "+refs/heads/main:refs/remotes/origin/main",
        `+${sha}:refs/airlock/job`,
      ],
      ["checkout", "-f", "-q", sha],
      ["update-ref", "-d", "refs/airlock/job"],
      ["grep", "--cached", "-q", "-F", "filter=lfs", "--", ".gitattributes", "*/.gitattributes"],
    ]);
    for (const exec of recorded.execs.filter((e) => e.argv[0] === "git")) {
      expect(exec.argv).toContain("core.hooksPath=/dev/null");
      expect(exec.options.env?.["GIT_CONFIG_GLOBAL"]).toBe("/tmp/airlock-gitconfig");
      expect(exec.options.cwd).toBe("/airlock/source");
    }
    // The configuration upload-pack reads (it gets no -c): the mirror belongs to another uid.
    const written = recorded.execs[0];
    expect(written?.argv.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(written?.options.stdin).toContain('[safe]\n\tdirectory = "*"');
    expect(written?.options.stdin).toContain('[protocol "ext"]\n\tallow = "never"');
    expect(log).toContain(`Checking out aaaaaaaa as detached HEAD (ref is main)...`);
    expect(recorded.destroyed).toBe(1);
  });

  it("lists gitlinks with their .gitmodules entries and finds LFS attributes", async () => {
    const { backend, recorded } = recordingBackend(() => 0);
    const gitlink = "b".repeat(40);
    const outputs: Record<string, string> = {
      "ls-files": `100644 ${sha} 0\t.gitmodules\u0000160000 ${gitlink} 0\tlib\u0000`,
      config: "submodule.lib.path\nlib\u0000submodule.lib.url\n../sub.git\u0000",
    };
    const withOutput: SandboxBackend = {
      ...backend,
      create: async (spec) => {
        const sandbox = await backend.create(spec);
        return {
          ...sandbox,
          exec: async (argv, options = {}) => {
            const result = await sandbox.exec(argv, options);
            const command = argv.find((arg) => arg in outputs && argv[0] === "git");
            if (command !== undefined && !argv.includes("remote")) {
              options.onOutput?.("stdout", Buffer.from(outputs[command] ?? ""));
            }
            return result;
          },
        };
      },
    };
    const found = await checkoutInSandbox(
      { ...request(withOutput), submodulePaths: [":(exclude)big"] },
      () => undefined,
      new AbortController().signal,
    );
    expect(found).toEqual({
      lfs: true,
      submodules: [{ name: "lib", path: "lib", url: "../sub.git", sha: gitlink }],
    });
    const lsFiles = recorded.execs.find((e) => e.argv.includes("ls-files"));
    expect(lsFiles?.argv.slice(-3)).toEqual(["--stage", "--", ":(exclude)big"]);
    expect(recorded.destroyed).toBe(1);
  });

  it("says which git step failed with git's message, and still destroys the sandbox", async () => {
    const { backend, recorded } = recordingBackend((argv) => (argv.includes("checkout") ? 128 : 0));
    const log: string[] = [];
    await expect(
      checkoutInSandbox(request(backend), (line) => log.push(line), new AbortController().signal),
    ).rejects.toMatchObject({
      code: "AIRLOCK_E_GIT_SOURCES",
      message: "git checkout failed in the checkout sandbox (exit code 128): fatal: it broke",
    });
    expect(log).toContain("fatal: it broke");
    expect(recorded.destroyed).toBe(1);
  });

  it("names the image when it has no git", async () => {
    const { backend } = recordingBackend((argv) => (argv[0] === "git" ? 127 : 0));
    const error: unknown = await checkoutInSandbox(
      request(backend),
      () => undefined,
      new AbortController().signal,
    ).catch((caught: unknown) => caught);
    expect(isAirlockError(error) ? error.fix : undefined).toContain("the image default has no git");
  });

  it("fetches the whole history without a depth", async () => {
    const { backend, recorded } = recordingBackend(() => 0);
    await checkoutInSandbox(
      { ...request(backend), depth: undefined },
      () => undefined,
      new AbortController().signal,
    );
    const fetch = recorded.execs.find((e) => e.argv.includes("fetch"));
    expect(fetch?.argv.some((arg) => arg.startsWith("--depth"))).toBe(false);
  });
});
