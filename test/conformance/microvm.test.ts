import { microvmBackend } from "../../src/sandbox/microvm/microvm-backend.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { missingMicrovmFeature } from "../support/host-features.js";
import { describeSandboxConformance } from "./sandbox-conformance.js";

// TCG where KVM cannot boot a guest: nested KVM hangs on these hosts (docs/microvm.md).
describeSandboxConformance("microvm (QEMU)", {
  backend: microvmBackend({ allowTcg: true }),
  skipReason: missingMicrovmFeature(),
  leftovers: (id) => leftoversOf(id),
});
