import { AirlockError } from "../../core/airlock-error.js";

/** The pipeline error `run` throws; fails the test when it returns or throws another error. */
export function pipelineFailure(run: () => unknown): AirlockError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof AirlockError && error.code === "AIRLOCK_E_PIPELINE_INVALID") return error;
    throw error;
  }
  throw new Error("expected AIRLOCK_E_PIPELINE_INVALID, but nothing was thrown");
}
