import { describe, expect, it } from "vitest";
import { makeSandboxSpec } from "../../sandbox/sandbox-spec.js";
import type { ExecOptions, ExecResult, Sandbox, SiblingSpec } from "../../sandbox/sandbox.js";
import type { PreparedService } from "./prepare-service.js";
import { startServices } from "./start-services.js";

/** A /proc/net/tcp row listening on `port`. */
const row = (port: number): string =>
  `   0: 00000000:${port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 0\n`;

/** A sandbox whose siblings run nothing: `behave` says what a service's command does. */
function fakeSandbox(
  behave: (argv: readonly string[], options: ExecOptions) => Promise<ExecResult>,
  listening: () => readonly number[],
  canHaveSiblings = true,
): { sandbox: Sandbox; siblings: SiblingSpec[] } {
  const siblings: SiblingSpec[] = [];
  const base = {
    id: "job",
    spec: makeSandboxSpec(),
    copyIn: () => Promise.resolve(),
    copyOut: () => Promise.resolve(),
    destroy: () => Promise.resolve({ removed: [], leftovers: [] }),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  const sandbox: Sandbox = {
    ...base,
    exec: (_argv, options = {}) => {
      options.onOutput?.("stdout", Buffer.from(listening().map(row).join("")));
      return Promise.resolve({ end: "exited", exitCode: 0 });
    },
  };
  if (canHaveSiblings) {
    sandbox.createSibling = (spec) => {
      siblings.push(spec);
      return Promise.resolve({ ...base, id: `sibling-${siblings.length}`, exec: behave });
    };
  }
  return { sandbox, siblings };
}

const service = (overrides: Partial<PreparedService> = {}): PreparedService => ({
  name: "registry.example/tools/db:1",
  image: "d".repeat(64),
  hostNames: ["registry.example__tools__db", "registry.example-tools-db", "db"],
  argv: ["/bin/db", "serve"],
  env: { PASSWORD: "hunter2" },
  cwd: "/",
  ports: [5432],
  ...overrides,
});

const wait = {
  timeoutMs: 5_000,
  signal: undefined,
  mask: (t: string) => t.replaceAll("hunter2", "[MASKED]"),
};

describe("startServices", () => {
  it("starts each service in a sibling with its names and waits until its ports listen", async () => {
    let polls = 0;
    const started: (readonly string[])[] = [];
    const { sandbox, siblings } = fakeSandbox(
      (argv) => {
        started.push(argv);
        return new Promise(() => {}); // runs until the sandbox goes
      },
      () => (++polls >= 3 ? [5432] : []),
    );
    const lines: string[] = [];
    await startServices(sandbox, [service()], (l) => lines.push(l), wait);
    expect(siblings.map((s) => s.hostNames)).toEqual([
      ["registry.example__tools__db", "registry.example-tools-db", "db"],
    ]);
    expect(started).toEqual([["/bin/db", "serve"]]);
    expect(polls).toBe(3);
    expect(lines.join("\n")).not.toContain("WARNING");
  });

  it("warns with the masked log of a service that ends before listening, and goes on", async () => {
    const { sandbox } = fakeSandbox(
      (_argv, options) => {
        options.onOutput?.("stderr", Buffer.from("FATAL: password hunter2 rejected\n"));
        return Promise.resolve({ end: "exited", exitCode: 1 });
      },
      () => [],
    );
    const lines: string[] = [];
    await startServices(sandbox, [service()], (l) => lines.push(l), wait);
    const log = lines.join("\n");
    expect(log).toContain(
      "*** WARNING: Service registry.example/tools/db:1 probably didn't start properly.",
    );
    expect(log).toContain("Health check error: it ended (exited with code 1) before port(s) 5432");
    expect(log).toContain("FATAL: password [MASKED] rejected");
    expect(log).not.toContain("hunter2");
  });

  it("does not wait or warn with a timeout of 0 (WAIT_FOR_SERVICES_TIMEOUT=0)", async () => {
    let polls = 0;
    const { sandbox, siblings } = fakeSandbox(
      () => new Promise(() => {}),
      () => {
        polls++;
        return [];
      },
    );
    const lines: string[] = [];
    await startServices(sandbox, [service()], (l) => lines.push(l), { ...wait, timeoutMs: 0 });
    expect(siblings.length).toBe(1);
    expect(polls).toBe(0);
    expect(lines.join("\n")).not.toContain("Waiting");
  });

  it("refuses services on a sandbox that cannot have siblings", async () => {
    const { sandbox } = fakeSandbox(
      () => Promise.resolve({ end: "exited", exitCode: 0 }),
      () => [],
      false,
    );
    await expect(startServices(sandbox, [service()], () => {}, wait)).rejects.toThrow(
      /cannot run services yet/,
    );
  });
});
