import { AirlockError, isAirlockError } from "../../core/airlock-error.js";
import type { ErrorCode } from "../../core/error-catalog.js";
import type { ResolvedImage } from "../image-ref.js";
import { canPull } from "./can-pull.js";
import { findPulledImage } from "./find-pulled-image.js";
import type { OciImageConfig } from "./image-config.js";
import type { Platform } from "./manifest.js";
import { pullImage } from "./pull-image.js";
import type { PullPolicy } from "./pull-policy.js";
import type { RegistryClientOptions } from "./registry-client.js";

export interface ObtainOptions extends RegistryClientOptions {
  /** Tried in order (choosePullPolicies); the first that gives an image wins. */
  readonly policies: readonly PullPolicy[];
  /** Lines for the job's log (GitLab's wording where it has one). */
  readonly onLog: (line: string) => void;
  /** The index entry to pull (`docker: platform`, requestedPlatform); default: the host's. */
  readonly platform?: Platform;
}

/** The store and registry operations obtainImage uses (tests pass stand-ins). */
export interface ObtainPorts {
  readonly pullImage: typeof pullImage;
  readonly canPull: typeof canPull;
  readonly findPulledImage: typeof findPulledImage;
}

const realPorts: ObtainPorts = { pullImage, canPull, findPulledImage };

export interface ObtainedImage {
  readonly image: ResolvedImage;
  readonly config: OciImageConfig;
}

/**
 * The image `reference` for one job, by its pull policies: `always` pulls (the registry is
 * asked with the job's credentials; layers the store has are not downloaded again);
 * `if-not-present` and `never` use a stored copy, but only after canPull() says the job's own
 * credentials may pull the reference now: a cached private image is never given to a job
 * that could not have pulled it (also when the registry does not answer). A failed policy
 * falls through to the next one. Throws AIRLOCK_E_IMAGE_PULL_DENIED when a refusal of the
 * credentials was among the reasons, else AIRLOCK_E_IMAGE_PULL_FAILED (or the pull's own
 * code), with every attempt's reason; AIRLOCK_E_IMAGE_INVALID for a malformed reference.
 */
export async function obtainImage(
  reference: string,
  options: ObtainOptions,
  ports: ObtainPorts = realPorts,
): Promise<ObtainedImage> {
  const { policies, onLog, ...registry } = options;
  const failures: { readonly code: ErrorCode; readonly text: string; readonly fix?: string }[] = [];
  const pull = async (): Promise<ObtainedImage | undefined> => {
    onLog(`Pulling docker image ${reference} ...`);
    try {
      const pulled = await ports.pullImage(reference, registry);
      onLog(`Using docker image sha256:${pulled.image.id} for ${reference} ...`);
      return pulled;
    } catch (error: unknown) {
      if (!isAirlockError(error) || error.code === "AIRLOCK_E_IMAGE_INVALID") throw error;
      failures.push({ code: error.code, text: error.message, ...fixOf(error) });
      return undefined;
    }
  };
  /** The stored copy; "denied" when the registry refused the job's credentials for it. */
  const cached = async (policy: PullPolicy): Promise<ObtainedImage | "denied" | undefined> => {
    const stored = await ports.findPulledImage(reference);
    if (stored === undefined) {
      if (policy === "never") {
        failures.push({
          code: "AIRLOCK_E_IMAGE_PULL_FAILED",
          text: `${reference} is not in the image store and pull_policy is never`,
          fix: `pull it first (\`airlock image pull ${reference}\`), or use pull_policy always or if-not-present`,
        });
      }
      return undefined;
    }
    const answer = await ports.canPull(reference, registry);
    if (!answer.allowed) {
      failures.push({
        code: answer.denied ? "AIRLOCK_E_IMAGE_PULL_DENIED" : "AIRLOCK_E_IMAGE_PULL_FAILED",
        text: `the stored copy of ${reference} is not used: the registry did not confirm that this job may pull it: ${answer.reason}`,
      });
      return answer.denied ? "denied" : undefined;
    }
    onLog(`Using locally found image version due to "${policy}" pull policy`);
    onLog(`Using docker image sha256:${stored.image.id} for ${reference} ...`);
    return stored;
  };
  for (const policy of policies) {
    if (policy === "always") {
      const pulled = await pull();
      if (pulled !== undefined) return pulled;
      continue;
    }
    const found = await cached(policy);
    if (found === "denied") continue; // a pull with the same credentials is refused too
    if (found !== undefined) return found;
    if (policy === "if-not-present") {
      const pulled = await pull();
      if (pulled !== undefined) return pulled;
    }
  }
  const denied = failures.find((f) => f.code === "AIRLOCK_E_IMAGE_PULL_DENIED");
  const last = denied ?? failures.at(-1);
  throw new AirlockError(
    last?.code ?? "AIRLOCK_E_IMAGE_PULL_FAILED",
    `image ${reference} could not be obtained (pull_policy ${policies.join(", ")}): ${failures.map((f) => f.text).join("; ")}`,
    {
      fix:
        last?.fix ??
        (denied === undefined
          ? "check that the registry answers and the image exists"
          : "give the job credentials that may pull the image: DOCKER_AUTH_CONFIG among its variables"),
    },
  );
}

function fixOf(error: AirlockError): { readonly fix?: string } {
  return error.fix === undefined ? {} : { fix: error.fix };
}
