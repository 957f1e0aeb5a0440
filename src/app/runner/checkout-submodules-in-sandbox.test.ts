import { describe, expect, it } from "vitest";
import type { SandboxSpec } from "../../sandbox/sandbox-spec.js";
import type { Sandbox, SandboxBackend } from "../../sandbox/sandbox.js";
import { checkoutSubmodulesInSandbox } from "./checkout-submodules-in-sandbox.js";

const sha = "d".repeat(40);

describe("checkoutSubmodulesInSandbox", () => {
  it("points each submodule at its read-only mirror for the update, then back at GitLab", async () => {
    const specs: SandboxSpec[] = [];
    const execs: { argv: readonly string[]; cwd: string | undefined }[] = [];
    let destroyed = 0;
    const adopted: number[] = [];
    const backend: SandboxBackend = {
      name: "container",
      probe: () => Promise.resolve({ usable: true }),
      create: (spec) => {
        specs.push(spec);
        const destroy = (): Promise<{ removed: string[]; leftovers: string[] }> => {
          destroyed++;
          return Promise.resolve({ removed: [], leftovers: [] });
        };
        const sandbox: Sandbox = {
          id: "helper",
          spec,
          exec: (argv, options = {}) => {
            execs.push({ argv, cwd: options.cwd });
            // git grep finds no LFS attribute: exit 1.
            return Promise.resolve({ end: "exited", exitCode: argv.includes("grep") ? 1 : 0 });
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
    const url = "https://gitlab.example.com/grp/sub.git";
    const result = await checkoutSubmodulesInSandbox(
      {
        backend,
        image: "default",
        sourceDir: "/jobs/1/source",
        submodules: [
          { parentDir: "", name: "lib", path: "lib", sha, url, mirrorDir: "/cache/a.git" },
          { parentDir: "lib", name: "deep", path: "deep", sha, url, mirrorDir: "/cache/a.git" },
        ],
        depth: 3,
        listNested: false,
        handover: {
          marker: ".airlock-handover-x/owner",
          adopt: () => {
            adopted.push(execs.length);
            return Promise.resolve();
          },
        },
      },
      () => undefined,
      new AbortController().signal,
    );
    expect(result).toEqual({ nested: [], lfs: [] });
    expect(specs[0]?.network).toEqual({ kind: "none" });
    expect(specs[0]?.mounts).toEqual([
      { source: "/cache/a.git", destination: "/airlock/mirrors/0.git", readonly: true },
      { source: "/jobs/1/source", destination: "/airlock/source", readonly: false },
    ]);
    const commands = execs
      .filter((e) => e.argv[0] === "git" && !e.argv.includes("grep"))
      .map((e) => [
        e.cwd,
        ...e.argv.filter((arg, i, all) => arg !== "-c" && all[i - 1] !== "-c").slice(1),
      ]);
    expect(commands).toEqual([
      ["/airlock/source", "config", "submodule.lib.url", "file:///airlock/mirrors/0.git"],
      ["/airlock/source", "submodule", "update", "--checkout", "--depth", "3", "--", "lib"],
      ["/airlock/source", "config", "submodule.lib.url", url],
      ["/airlock/source/lib", "config", "remote.origin.url", url],
      ["/airlock/source/lib", "config", "submodule.deep.url", "file:///airlock/mirrors/0.git"],
      ["/airlock/source/lib", "submodule", "update", "--checkout", "--depth", "3", "--", "deep"],
      ["/airlock/source/lib", "config", "submodule.deep.url", url],
      ["/airlock/source/lib/deep", "config", "remote.origin.url", url],
    ]);
    // The tree is handed to this sandbox before its first git command.
    expect(adopted).toEqual([2]);
    expect(execs[1]?.argv.slice(0, 3)).toEqual(["sh", "-c", 'rm -f "$1" && : > "$1"']);
    expect(execs[1]?.argv.at(-1)).toBe("/airlock/source/.airlock-handover-x/owner");
    expect(destroyed).toBe(1);
  });
});
