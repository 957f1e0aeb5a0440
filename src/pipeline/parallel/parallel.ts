/** GitLab's limit on `parallel: N` and on the jobs one `parallel: matrix:` generates. */
export const parallelLimit = 200;

export type Parallel =
  | { readonly kind: "count"; readonly count: number }
  | { readonly kind: "matrix"; readonly matrix: ParallelMatrix };

/** The `matrix:` list: each entry multiplies out its own variables. */
export type ParallelMatrix = readonly MatrixEntry[];

/** One map of the list, its variables in written order (the order of job name values). */
export type MatrixEntry = readonly MatrixVariable[];

export interface MatrixVariable {
  readonly name: string;
  /** A single string is a list of one. */
  readonly values: readonly string[];
}

export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

/** One job GitLab creates from a parallel job. */
export interface ParallelInstance {
  /** `test 2/3`, or `test: [aws, app1]` for a matrix. */
  readonly name: string;
  /** 1-based, as `CI_NODE_INDEX`. */
  readonly index: number;
  readonly total: number;
  /** Predefined-level: `CI_NODE_INDEX` and `CI_NODE_TOTAL`. */
  readonly nodeVariables: readonly NamedValue[];
  /** The matrix combination, in entry order; they override the job's own `variables:`. */
  readonly matrixVariables: readonly NamedValue[];
}
