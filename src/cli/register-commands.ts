import type { Command } from "commander";
import { registerAudit } from "./audit-command.js";
import { registerDoctor } from "./doctor-command.js";
import { registerSandbox } from "./sandbox-command.js";
import { registerImage } from "./image-command.js";
import { registerRun } from "./run-command.js";
import { registerRegister } from "./register-command.js";
import { registerRunner } from "./runner-command.js";
import { registerUnregister } from "./unregister-command.js";
import { registerVerify } from "./verify-command.js";

/** Every command file exports one `registerX(program)`; this is the list. */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerImage(program);
  registerSandbox(program);
  registerDoctor(program);
  registerAudit(program);
  registerRegister(program);
  registerVerify(program);
  registerUnregister(program);
  registerRunner(program);
}
