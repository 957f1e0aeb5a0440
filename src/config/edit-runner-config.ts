import { stringify, TomlDate } from "smol-toml";
import { arrayAt, isTable, type Table } from "./config-doc.js";

/** What `airlock register` adds: one `[[runners]]` table. */
export interface NewRunner {
  readonly name: string;
  readonly id: number | undefined;
  readonly url: string;
  readonly token: string;
  readonly tokenObtainedAt: Date;
  /** undefined: the token never expires. */
  readonly tokenExpiresAt: Date | undefined;
}

/**
 * The tree with `runner` appended to `[[runners]]`, in the key order gitlab-runner writes.
 * Pure: `tree` is not changed. The caller checks the name is free.
 */
export function withRunner(tree: Table, runner: NewRunner): Table {
  const entry: Record<string, unknown> = {
    name: runner.name,
    url: runner.url,
    ...(runner.id === undefined ? {} : { id: runner.id }),
    token: runner.token,
    token_obtained_at: TomlDate.wrapAsOffsetDateTime(runner.tokenObtainedAt, "Z"),
    token_expires_at: TomlDate.wrapAsOffsetDateTime(
      runner.tokenExpiresAt ?? new Date("0001-01-01T00:00:00Z"),
      "Z",
    ),
    executor: "airlock",
    airlock: { backend: "container" },
  };
  return { ...tree, runners: [...arrayAt(tree, ["runners"]), entry] };
}

/** The tree without the `[[runners]]` whose name `drop` selects. */
export function withoutRunners(tree: Table, drop: (name: string) => boolean): Table {
  const runners = arrayAt(tree, ["runners"]).filter(
    (runner) => !(isTable(runner) && typeof runner["name"] === "string" && drop(runner["name"])),
  );
  return { ...tree, runners };
}

/** The tree with a runner's token replaced (rotation), its times updated. */
export function withRunnerToken(
  tree: Table,
  name: string,
  token: string,
  obtainedAt: Date,
  expiresAt: Date | undefined,
): Table {
  const runners = arrayAt(tree, ["runners"]).map((runner) =>
    isTable(runner) && runner["name"] === name
      ? {
          ...runner,
          token,
          token_obtained_at: TomlDate.wrapAsOffsetDateTime(obtainedAt, "Z"),
          token_expires_at: TomlDate.wrapAsOffsetDateTime(
            expiresAt ?? new Date("0001-01-01T00:00:00Z"),
            "Z",
          ),
        }
      : runner,
  );
  return { ...tree, runners };
}

/**
 * The tree as TOML text, gitlab-runner style (global keys first, then each `[[runners]]`).
 * Comments of the original file are not kept (gitlab-runner does not keep them either).
 */
export function renderRunnerConfig(tree: Table): string {
  const { runners, ...globals } = tree;
  const ordered = {
    concurrent: 1,
    check_interval: 0,
    ...globals,
    ...(runners === undefined ? {} : { runners }),
  };
  return stringify(ordered);
}
