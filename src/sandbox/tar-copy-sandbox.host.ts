import type { SandboxSpec } from "./sandbox-spec.js";
import type { CleanupReport, ExecOptions, ExecResult, Sandbox } from "./sandbox.js";
import { copyInByTar, copyOutByTar } from "./tar-copy.host.js";

/**
 * The Sandbox of every backend whose exec streams stdin and stdout (container, microVM, a
 * microVM's service): copyIn and copyOut are tar through its own exec (see tar-copy.host.ts),
 * so the sandbox, not the host, reads and writes its files.
 */
export abstract class TarCopySandbox implements Sandbox {
  abstract readonly id: string;
  abstract readonly spec: SandboxSpec;
  abstract exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  abstract destroy(): Promise<CleanupReport>;

  copyIn(
    hostPath: string,
    sandboxPath: string,
    options: { readonly contentsOnly?: boolean } = {},
  ): Promise<void> {
    return copyInByTar((argv, o) => this.exec(argv, o), hostPath, sandboxPath, options);
  }

  copyOut(sandboxPath: string, hostDir: string): Promise<void> {
    return copyOutByTar((argv, o) => this.exec(argv, o), sandboxPath, hostDir);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}
