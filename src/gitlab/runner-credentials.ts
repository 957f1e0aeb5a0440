/** What GitLab answers when it hands out or confirms a runner token. */
export interface RunnerCredentials {
  /** GitLab's runner id (absent when an old GitLab answers verify with a bare 200). */
  readonly id: number | undefined;
  readonly token: string;
  /** ISO 8601; undefined when the token never expires. */
  readonly tokenExpiresAt: string | undefined;
}
