/** A runner as the fake GitLab knows it. */
export interface FakeRunner {
  readonly id: number;
  token: string;
  /** ISO 8601, or null for a token that never expires. */
  tokenExpiresAt: string | null;
  /** `glrt-` runners are created on the server; legacy ones by a registration token. */
  readonly kind: "authentication" | "legacy";
  readonly description: string;
  readonly tags: readonly string[];
  /** system_ids seen through /runners/verify or /jobs/request: GitLab's runner managers. */
  readonly managers: Set<string>;
  deleted: boolean;
}

export type FakeJobStatus = "pending" | "running" | "canceling" | "canceled" | "success" | "failed";

/** One `PUT /jobs/:id` as received. */
export interface FakeJobUpdate {
  readonly state: string | undefined;
  readonly failureReason: string | undefined;
  readonly exitCode: number | undefined;
  readonly checksum: string | undefined;
  readonly bytesize: number | undefined;
  /** The status the fake answered. */
  readonly answered: number;
}

/** One artifacts upload as received. */
export interface FakeArtifact {
  readonly filename: string;
  readonly content: Buffer;
  readonly artifactType: string;
  readonly artifactFormat: string;
  readonly expireIn: string | undefined;
}

export interface FakeJob {
  readonly id: number;
  readonly token: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Only this runner may take the job; undefined means any. */
  readonly forRunner: number | undefined;
  runnerId: number | undefined;
  status: FakeJobStatus;
  /** The log as GitLab holds it, byte for byte. */
  trace: Buffer;
  /** Final-state PUTs still to be answered 202 before 200. */
  pendingAccepts: number;
  readonly updates: FakeJobUpdate[];
  readonly artifacts: FakeArtifact[];
  /** `Content-Range` of every trace PATCH, with the status the fake answered. */
  readonly patches: { readonly range: string; readonly answered: number }[];
}

/** One `POST /jobs/request` as received. */
export interface FakeJobRequest {
  readonly token: string | undefined;
  readonly systemId: string | undefined;
  readonly lastUpdate: string | undefined;
  readonly info: unknown;
  readonly answered: number;
}

/** One request to a served repository, as the fake's git route saw it. */
export interface FakeGitRequest {
  readonly path: string;
  /** Whether its job token was accepted. */
  readonly authorized: boolean;
  /**
   * What it asked for: `advertise` (GET info/refs), `ls-refs` (protocol v2 listing),
   * `fetch` (a pack: wants, in protocol v0 or v2), `push`, or `other`.
   */
  readonly command: "advertise" | "ls-refs" | "fetch" | "push" | "other";
}
