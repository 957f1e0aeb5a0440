import type { Command } from "commander";

/** Every command file exports one `registerX(program)`; this is the list. */
export function registerCommands(program: Command): void {
  void program;
}
