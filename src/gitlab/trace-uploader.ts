import { setTimeout as delay } from "node:timers/promises";
import { crc32 } from "node:zlib";
import { createMasker } from "../executor/create-masker.js";
import type { GitlabApi } from "./gitlab-api.js";
import { limitOutput } from "./limit-output.js";
import { patchTrace } from "./patch-trace.js";
import { updateJob } from "./update-job.js";

/** What GitLab said about the job while its log was being sent. */
export type RemoteJobState =
  /** `Job-Status: canceling`: stop the script, run after_script, report. */
  | "canceling"
  /** 403/404, or `Job-Status: canceled`/`failed`: the job is over on the server; stop at once. */
  | "aborted";

export interface TraceUploaderOptions {
  readonly api: GitlabApi;
  readonly jobId: number;
  readonly jobToken: string;
  /** Masked variable values: replaced by `[MASKED]`, also when split across writes. */
  readonly secrets: readonly string[];
  /** `output_limit` in bytes. */
  readonly outputLimitBytes: number;
  /** How often pending bytes are sent (GitLab's X-GitLab-Trace-Update-Interval wins). */
  readonly intervalMs: number;
  /** Called once per state change GitLab reports. */
  readonly onRemoteState: (state: RemoteJobState) => void;
  /** Reports failures that are retried (for the runner's log). */
  readonly onError?: (error: unknown) => void;
  /** Injectable for tests; resolves early when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The whole log as GitLab must hold it: what the final update reports. */
export interface TraceSummary {
  readonly checksum: string;
  readonly bytesize: number;
}

/**
 * Streams a job's log to GitLab (`PATCH /jobs/:id/trace`) while the job runs. Bytes are
 * masked first (a secret split across two writes never appears), then cut at the output
 * limit with GitLab Runner's notice, then kept until GitLab holds them: a 416 resends from
 * the length GitLab's `Range` names, a 5xx or a network error keeps the bytes for the next
 * attempt. While nothing new is to be sent, a keep-alive `PUT state=running` asks for the
 * job's status, so a silent job still learns of a cancel. Call finish() exactly once.
 */
export class TraceUploader {
  readonly #options: TraceUploaderOptions;
  readonly #masker;
  readonly #limit;
  readonly #chunks: Buffer[] = [];
  #length = 0;
  /** Bytes GitLab holds. */
  #sent = 0;
  #intervalMs: number;
  #stopped = false;
  #reported: RemoteJobState | undefined;
  #sending: Promise<void> = Promise.resolve();
  readonly #loopStop = new AbortController();
  readonly #loop: Promise<void>;

  constructor(options: TraceUploaderOptions) {
    this.#options = options;
    this.#masker = createMasker(options.secrets);
    this.#limit = limitOutput(options.outputLimitBytes);
    this.#intervalMs = options.intervalMs;
    this.#loop = this.#run();
  }

  /** Appends to the log (masked, limited); it is sent with the next flush. */
  write(data: string | Buffer): void {
    this.#append(this.#masker.push(typeof data === "string" ? Buffer.from(data) : data));
  }

  /** One line of the log, with its newline. */
  line(text: string): void {
    this.write(`${text}\n`);
  }

  /** Sends what is pending now (one attempt); errors are reported, the bytes kept. */
  flush(): Promise<void> {
    this.#sending = this.#sending.then(() => this.#send());
    return this.#sending;
  }

  /**
   * Ends the log, stops the periodic sends and sends the rest, retrying failures
   * `attempts` times with a doubling wait. Returns the checksum and size of the whole log.
   */
  async finish(attempts = 8, firstWaitMs = 1000): Promise<TraceSummary> {
    this.#append(this.#masker.end());
    this.#loopStop.abort();
    await this.#loop;
    let wait = firstWaitMs;
    for (let attempt = 0; attempt < attempts && !this.#stopped; attempt++) {
      await this.flush();
      if (this.#sent >= this.#length) break;
      await this.#sleep(wait, new AbortController().signal);
      wait *= 2;
    }
    const log = Buffer.concat(this.#chunks);
    return {
      checksum: `crc32:${crc32(log).toString(16).padStart(8, "0")}`,
      bytesize: log.length,
    };
  }

  #append(bytes: Buffer): void {
    const kept = this.#limit.push(bytes);
    if (kept.length === 0) return;
    this.#chunks.push(kept);
    this.#length += kept.length;
  }

  async #run(): Promise<void> {
    const signal = this.#loopStop.signal;
    // A function, not a property read: the signal changes while the loop sleeps.
    const stopped = (): boolean => signal.aborted;
    for (;;) {
      await this.#sleep(this.#intervalMs, signal);
      if (stopped()) return;
      if (this.#sent < this.#length) await this.flush();
      else await this.#keepAlive();
    }
  }

  async #send(): Promise<void> {
    const maxChunk = 256 * 1024;
    // A 416 moves the offset to what GitLab holds; three in a row mean it answers
    // inconsistently: give up until the next flush rather than loop.
    let mismatches = 0;
    while (!this.#stopped && this.#sent < this.#length && mismatches < 3) {
      const log = Buffer.concat(this.#chunks);
      const bytes = log.subarray(this.#sent, this.#sent + maxChunk);
      let result;
      try {
        result = await patchTrace(this.#options.api, {
          jobId: this.#options.jobId,
          jobToken: this.#options.jobToken,
          offset: this.#sent,
          bytes,
        });
      } catch (error: unknown) {
        this.#options.onError?.(error);
        return;
      }
      if (result.kind === "aborted") {
        this.#stop();
        return;
      }
      this.#sent = Math.min(result.remoteLength, this.#length);
      mismatches = result.kind === "range-mismatch" ? mismatches + 1 : 0;
      if (result.kind === "accepted") {
        if (result.updateIntervalSeconds !== undefined) {
          this.#intervalMs = result.updateIntervalSeconds * 1000;
        }
        if (result.jobStatus === "canceling") this.#report("canceling");
      }
    }
  }

  async #keepAlive(): Promise<void> {
    if (this.#stopped) return;
    try {
      const result = await updateJob(this.#options.api, {
        jobId: this.#options.jobId,
        jobToken: this.#options.jobToken,
        state: "running",
      });
      if (result.kind === "aborted") this.#stop();
      else if (result.kind === "done" && result.jobStatus === "canceling") {
        this.#report("canceling");
      } else if (result.kind === "done" && result.jobStatus === "canceled") this.#stop();
    } catch (error: unknown) {
      this.#options.onError?.(error);
    }
  }

  #stop(): void {
    this.#stopped = true;
    this.#report("aborted");
  }

  #report(state: RemoteJobState): void {
    if (this.#reported === state || this.#reported === "aborted") return;
    this.#reported = state;
    this.#options.onRemoteState(state);
  }

  #sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#options.sleep !== undefined) return this.#options.sleep(ms, signal);
    return delay(ms, undefined, { signal }).catch(() => undefined);
  }
}
