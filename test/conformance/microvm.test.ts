import { existsSync } from "node:fs";
import { join } from "node:path";
import { microvmBackend } from "../../src/sandbox/microvm/microvm-backend.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { missingRootFeature } from "../support/host-features.js";
import { describeSandboxConformance } from "./sandbox-conformance.js";

/** TCG here: nested KVM hangs on these hosts (docs/microvm.md); KVM where it boots. */
function missingFeature(): string | undefined {
  const root = missingRootFeature();
  if (root !== undefined) return root;
  const path = (process.env["PATH"] ?? "").split(":");
  return path.some((dir) => existsSync(join(dir, "qemu-system-x86_64")))
    ? undefined
    : "needs qemu-system-x86_64 (apt-get install qemu-system-x86)";
}

describeSandboxConformance("microvm (QEMU)", {
  backend: microvmBackend({ allowTcg: true }),
  skipReason: missingFeature(),
  leftovers: (id) => leftoversOf(id),
});
