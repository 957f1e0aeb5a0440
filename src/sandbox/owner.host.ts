import { readFileSync } from "node:fs";

/**
 * Who owns a host resource: a process identified by pid AND its start time, so a recycled
 * pid is never mistaken for the owner. Every sandbox records its owner; the orphan sweep
 * removes what belongs to owners that are gone.
 */
export interface Owner {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat: clock ticks since boot when the process started. */
  readonly startTime: string;
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

export function currentOwner(): Owner {
  const startTime = startTimeOf(process.pid);
  if (startTime === undefined) throw new Error("cannot read /proc/self/stat");
  return { pid: process.pid, startTime };
}

export function isOwnerAlive(owner: Owner): boolean {
  return startTimeOf(owner.pid) === owner.startTime;
}
