import { describe, expect, it } from "vitest";
import { KeyedLock } from "./keyed-lock.js";

/** A task that records its start and end and finishes when `release` is called. */
function gate(
  events: string[],
  name: string,
): { task: () => Promise<string>; release: () => void } {
  let release = (): void => undefined;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      events.push(`start ${name}`);
      await done;
      events.push(`end ${name}`);
      return name;
    },
    release: () => release(),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("KeyedLock", () => {
  it("runs two tasks of one key one after the other, in call order", async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const a = gate(events, "a");
    const b = gate(events, "b");
    const first = lock.run("repo", a.task);
    const second = lock.run("repo", b.task);
    await tick();
    expect(events).toEqual(["start a"]);
    b.release();
    await tick();
    expect(events).toEqual(["start a"]);
    a.release();
    expect(await first).toBe("a");
    expect(await second).toBe("b");
    expect(events).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("runs tasks of different keys at once", async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const a = gate(events, "a");
    const b = gate(events, "b");
    const first = lock.run("one", a.task);
    const second = lock.run("two", b.task);
    await tick();
    expect(events).toEqual(["start a", "start b"]);
    a.release();
    b.release();
    await Promise.all([first, second]);
  });

  it("goes on with the next task after one fails", async () => {
    const lock = new KeyedLock();
    const failed = lock.run("repo", () => Promise.reject(new Error("fetch failed")));
    const next = lock.run("repo", () => Promise.resolve("next"));
    await expect(failed).rejects.toThrow("fetch failed");
    expect(await next).toBe("next");
  });
});
