/** A command-line mistake: the benchmark prints it with its usage and exits 64. */
export class UsageError extends Error {}

/** Reads `--flag value` pairs one flag at a time; every mistake is a UsageError naming the flag. */
export class FlagReader {
  private index = -1;
  private flag = "";

  constructor(private readonly argv: readonly string[]) {}

  /** The next flag, or undefined at the end. */
  next(): string | undefined {
    this.index++;
    const flag = this.argv[this.index];
    this.flag = flag ?? "";
    return flag;
  }

  value(): string {
    const v = this.argv[++this.index];
    if (v === undefined) throw new UsageError(`${this.flag} needs a value`);
    return v;
  }

  count(min: number): number {
    const v = this.value();
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      throw new UsageError(`${this.flag} wants an integer >= ${String(min)}, not ${v}`);
    }
    return n;
  }

  /** A comma-separated subset of `known` (named `what` in errors), in `known`'s order. */
  subset<T extends string>(known: readonly T[], what: string): readonly T[] {
    const names = this.value().split(",");
    const unknown = names.filter((n) => !(known as readonly string[]).includes(n));
    if (unknown.length > 0) {
      throw new UsageError(`unknown ${what} ${unknown.join(", ")}; known: ${known.join(", ")}`);
    }
    return known.filter((n) => names.includes(n));
  }

  unknown(): UsageError {
    return new UsageError(`unknown argument ${this.flag}`);
  }
}
