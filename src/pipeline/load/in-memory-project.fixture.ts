import { AirlockError } from "../../core/airlock-error.js";
import { loadPipeline, type LoadedPipeline, type LoadOptions } from "./load-pipeline.js";

/** Test ports over an in-memory file map: `*` stays within a folder, `**` crosses folders. */
export function inMemoryProject(files: Readonly<Record<string, string>>): {
  readFile: (path: string) => string | undefined;
  listFiles: (glob: string) => readonly string[];
} {
  return {
    readFile: (path) => files[path],
    listFiles: (glob) => {
      const pattern = new RegExp(
        `^${glob
          .split(/(\*\*\/|\*\*|\*)/)
          .map((part) => {
            if (part === "**/") return "(?:.*/)?";
            if (part === "**") return ".*";
            if (part === "*") return "[^/]*";
            return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
          })
          .join("")}$`,
      );
      return Object.keys(files).filter((path) => pattern.test(path));
    },
  };
}

export function load(
  files: Readonly<Record<string, string>>,
  options: LoadOptions = {},
): LoadedPipeline {
  const project = inMemoryProject(files);
  return loadPipeline(".gitlab-ci.yml", project.readFile, project.listFiles, options);
}

/** The AirlockError message `run` throws; fails the test when it does not throw one. */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AirlockError) return error.message;
    throw error;
  }
  throw new Error("expected an AirlockError, nothing was thrown");
}
