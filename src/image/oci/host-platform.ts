import type { Descriptor, Platform } from "./manifest.js";

/** The OCI platform of this host (Node's `process.arch` in OCI/Go names). */
export function hostPlatform(): Platform {
  const architecture =
    (
      {
        x64: "amd64",
        arm64: "arm64",
        arm: "arm",
        ia32: "386",
        ppc64: "ppc64le",
        s390x: "s390x",
        riscv64: "riscv64",
      } as Record<string, string>
    )[process.arch] ?? process.arch;
  return { os: "linux", architecture };
}

/**
 * The entry of an index for `platform`: same os and architecture, the wanted variant when
 * one is given (else the first). Attestation manifests (`unknown/unknown`) never match.
 */
export function selectPlatform(
  manifests: readonly Descriptor[],
  platform: Platform,
): Descriptor | undefined {
  const candidates = manifests.filter(
    (m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture,
  );
  if (platform.variant !== undefined) {
    const exact = candidates.find((m) => m.platform?.variant === platform.variant);
    if (exact !== undefined) return exact;
  }
  return candidates[0];
}
