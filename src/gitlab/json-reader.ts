import { AirlockError } from "../core/airlock-error.js";

/**
 * Reads a JSON value GitLab sent, field by field, naming the path of anything that does not
 * have the expected type. GitLab sends `null` for many absent values: it counts as absent.
 * `what` names the document in errors (e.g. "job payload").
 */
export class JsonReader {
  constructor(
    private readonly value: unknown,
    private readonly path: string,
    private readonly what: string,
  ) {}

  static root(value: unknown, what: string): JsonReader {
    return new JsonReader(value, "", what);
  }

  fail(expected: string, path = this.path, value: unknown = this.value): AirlockError {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    return new AirlockError(
      "AIRLOCK_E_GITLAB_PAYLOAD",
      `${this.what}: ${path === "" ? "the document" : path}: expected ${expected}, got ${got}`,
    );
  }

  /** The member `key` of this object (absent members read as undefined). */
  at(key: string): JsonReader {
    if (!isObject(this.value)) throw this.fail("an object");
    return new JsonReader(
      this.value[key],
      this.path === "" ? key : `${this.path}.${key}`,
      this.what,
    );
  }

  isAbsent(): boolean {
    return this.value === undefined || this.value === null;
  }

  /** Absent members are undefined; present ones are read by `read`. */
  optional<T>(read: (reader: JsonReader) => T): T | undefined {
    return this.isAbsent() ? undefined : read(this);
  }

  string(): string {
    if (typeof this.value !== "string") throw this.fail("a string");
    return this.value;
  }

  integer(): number {
    if (typeof this.value !== "number" || !Number.isSafeInteger(this.value)) {
      throw this.fail("an integer");
    }
    return this.value;
  }

  /** A string, or an integer as its decimal text (GitLab's StringOrInt64, e.g. a user). */
  stringOrInteger(): string {
    if (typeof this.value === "string") return this.value;
    if (typeof this.value !== "number" || !Number.isSafeInteger(this.value)) {
      throw this.fail("a string or an integer");
    }
    return String(this.value);
  }

  boolean(): boolean {
    if (typeof this.value !== "boolean") throw this.fail("true or false");
    return this.value;
  }

  /** The items of an array, each read by `read`; absent reads as an empty list. */
  list<T>(read: (item: JsonReader) => T): readonly T[] {
    if (this.isAbsent()) return [];
    if (!Array.isArray(this.value)) throw this.fail("an array");
    return (this.value as readonly unknown[]).map((item, index) =>
      read(new JsonReader(item, `${this.path}[${index}]`, this.what)),
    );
  }

  strings(): readonly string[] {
    return this.list((item) => item.string());
  }

  /** A string or a list of strings, as a list (GitLab sends either for some keys). */
  stringOrStrings(): readonly string[] {
    return typeof this.value === "string" ? [this.value] : this.strings();
  }
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
