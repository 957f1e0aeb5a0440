/** The endpoints of GitLab's runner API the fake serves; faults are injected per endpoint. */
export type FakeEndpoint =
  | "register"
  | "verify"
  | "unregister"
  | "unregister_manager"
  | "reset_token"
  | "request"
  | "trace"
  | "update"
  | "upload"
  | "download";

/** A canned answer given instead of the real one (a 5xx, a 409, a 403...). */
export interface Fault {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Faults waiting to be served, first in first out, each once. */
export class FaultQueue {
  readonly #queued = new Map<FakeEndpoint, Fault[]>();

  add(endpoint: FakeEndpoint, fault: Fault, times: number): void {
    const list = this.#queued.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.#queued.set(endpoint, list);
  }

  /** The next fault for `endpoint`, removed from the queue; undefined when none is waiting. */
  take(endpoint: FakeEndpoint): Fault | undefined {
    return this.#queued.get(endpoint)?.shift();
  }
}
