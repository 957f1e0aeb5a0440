/** The first syntax error of a JSON text: where (0-based offset) and what. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

/**
 * A strict JSON (RFC 8259) syntax check that says where it fails; JSON.parse's messages
 * do not always carry a position on Node 20.
 */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  let at = 0;
  const fail = (message: string): never => {
    throw new JsonFailure(at, message);
  };
  const space = (): void => {
    while (at < text.length && " \t\n\r".includes(text.charAt(at))) at++;
  };
  const describe = (): string => (at >= text.length ? "end of file" : `'${text.charAt(at)}'`);
  const literal = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else
      fail(
        `unexpected ${describe()}; expected a value (string, number, object, array, true, false or null)`,
      );
  };
  const string = (): void => {
    at++;
    while (at < text.length) {
      const char = text.charAt(at);
      if (char === '"') {
        at++;
        return;
      }
      if (char === "\\") {
        const escape = text.charAt(at + 1);
        if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
        else if ('"\\/bfnrt'.includes(escape) && escape !== "") at += 2;
        else fail("invalid escape in string");
      } else if (char < " ") {
        fail("control character in string (unterminated string?)");
      } else {
        at++;
      }
    }
    fail("unterminated string");
  };
  const value = (): void => {
    space();
    const char = text.charAt(at);
    if (char === "{") {
      at++;
      space();
      if (text.charAt(at) === "}") {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text.charAt(at) !== '"') fail(`unexpected ${describe()}; expected a "quoted" key`);
        string();
        space();
        if (text.charAt(at) !== ":") fail(`unexpected ${describe()}; expected ':'`);
        at++;
        value();
        space();
        if (text.charAt(at) === ",") {
          at++;
          continue;
        }
        if (text.charAt(at) === "}") {
          at++;
          return;
        }
        fail(`unexpected ${describe()}; expected ',' or '}'`);
      }
    }
    if (char === "[") {
      at++;
      space();
      if (text.charAt(at) === "]") {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text.charAt(at) === ",") {
          at++;
          continue;
        }
        if (text.charAt(at) === "]") {
          at++;
          return;
        }
        fail(`unexpected ${describe()}; expected ',' or ']'`);
      }
    }
    if (char === '"') {
      string();
      return;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (number !== null && number[0] !== "-") {
      at += number[0].length;
      return;
    }
    if (char === "t" || char === "f" || char === "n") {
      literal(char === "t" ? "true" : char === "f" ? "false" : "null");
      return;
    }
    fail(
      `unexpected ${describe()}; expected a value (string, number, object, array, true, false or null)`,
    );
  };
  try {
    value();
    space();
    if (at < text.length) fail(`unexpected ${describe()} after the end of the document`);
    return undefined;
  } catch (error: unknown) {
    if (error instanceof JsonFailure) return { offset: error.offset, message: error.message };
    throw error;
  }
}

class JsonFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}
