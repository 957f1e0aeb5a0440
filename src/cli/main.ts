#!/usr/bin/env node
import { Command } from "commander";
import { reportError } from "./report-error.js";
import { registerCommands } from "./register-commands.js";

const program = new Command("airlock")
  .description("Run every CI job in a fresh, isolated, throw-away sandbox.")
  .option("-v, --verbose", "log what airlock does to stderr")
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error: unknown) {
  process.exitCode = reportError(error);
}
