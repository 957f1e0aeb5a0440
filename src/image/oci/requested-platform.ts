import { AirlockError } from "../../core/airlock-error.js";
import { hostPlatform } from "./host-platform.js";
import type { Platform } from "./manifest.js";

/** Architecture spellings Docker accepts for the OCI names (containerd's Normalize). */
const aliases: Readonly<Record<string, string>> = {
  x86_64: "amd64",
  "x86-64": "amd64",
  aarch64: "arm64",
  armhf: "arm",
  armel: "arm",
  i386: "386",
};

/**
 * The platform a job asks for with `image: docker: platform` (or a service's):
 * `[os/]arch[/variant]` as Docker takes it, `os` defaulting to linux. Undefined when none is
 * asked for (the host's is used). airlock runs no emulation, so a platform other than this
 * host's (`host`, default hostPlatform()) fails: AIRLOCK_E_IMAGE_PULL_FAILED naming `what`
 * (image_pull_failure in a job) rather than an image of the wrong architecture; so does a
 * malformed one (AIRLOCK_E_IMAGE_INVALID).
 */
export function requestedPlatform(
  text: string | undefined,
  what: string,
  host: Platform = hostPlatform(),
): Platform | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const parts = text.trim().toLowerCase().split("/");
  if (parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_INVALID",
      `${what}: the platform "${text}" is not of the form os/arch[/variant]`,
      { fix: `write docker: platform as ${host.os}/${host.architecture}, or leave it out` },
    );
  }
  const [first = "", second, variant] = parts;
  const os = second === undefined ? "linux" : first;
  const rawArch = second ?? first;
  const architecture = aliases[rawArch] ?? rawArch;
  if (os !== host.os || architecture !== host.architecture) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_PULL_FAILED",
      `${what}: docker: platform ${text} is not this host's platform (${host.os}/${host.architecture}), and airlock does not emulate other architectures`,
      {
        fix: `run the job on a ${os}/${architecture} runner, or drop docker: platform (or set ${host.os}/${host.architecture})`,
      },
    );
  }
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}
