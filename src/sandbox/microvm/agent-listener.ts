import { createServer, type Server, type Socket } from "node:net";
import { rm } from "node:fs/promises";

/** The host end of a guest's `airlock.agent` port, listening before QEMU starts. */
export interface AgentListener {
  /** The first connection (QEMU's); later ones are refused. Never rejects. */
  readonly connection: Promise<Socket>;
  /** Stops listening, destroys an accepted connection and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Listens on the Unix socket `path` (which must not exist) for QEMU's agent chardev to
 * connect to (see QemuBootSpec.agentSocket). Resolves once listening; rejects when
 * `path` cannot be bound.
 */
export async function listenForAgent(path: string): Promise<AgentListener> {
  let accepted: Socket | undefined;
  let onFirst: (socket: Socket) => void = () => undefined;
  const connection = new Promise<Socket>((resolve) => {
    onFirst = resolve;
  });
  const server: Server = createServer((socket) => {
    if (accepted !== undefined) {
      socket.destroy();
      return;
    }
    accepted = socket;
    onFirst(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    connection,
    close: async () => {
      accepted?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path, { force: true });
    },
  };
}
