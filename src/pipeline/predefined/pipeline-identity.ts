/** The numbers and times of one local pipeline run. */
export interface PipelineIdentity {
  readonly pipelineId: number;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  /** The `.gitlab-ci.yml` path relative to the project root. */
  readonly configPath: string;
  /** CI_BUILDS_DIR inside every sandbox; the project is at `<buildsDir>/<project path>`. */
  readonly buildsDir: string;
}
