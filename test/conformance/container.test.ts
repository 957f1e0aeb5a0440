import { containerBackend } from "../../src/sandbox/container/container-backend.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { missingRootFeature } from "../support/host-features.js";
import { describeSandboxConformance } from "./sandbox-conformance.js";

describeSandboxConformance("container (runc)", {
  backend: containerBackend(),
  skipReason: missingRootFeature(),
  leftovers: leftoversOf,
});
