import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import type { CanPullAnswer } from "./can-pull.js";
import type { CachedPull } from "./find-pulled-image.js";
import type { OciImageConfig } from "./image-config.js";
import { obtainImage, type ObtainPorts } from "./obtain-image.js";
import type { PullPolicy } from "./pull-policy.js";
import type { RegistryCredentials } from "./registry-credentials.js";

const config: OciImageConfig = {
  entrypoint: undefined,
  cmd: undefined,
  env: [],
  workingDir: undefined,
  user: undefined,
  exposedPorts: [],
  os: "linux",
  architecture: "amd64",
};
const stored: CachedPull = {
  image: { id: "c".repeat(64), names: [], rootfs: "/x", networkLimit: undefined },
  config,
  digest: `sha256:${"c".repeat(64)}`,
};

/** A registry that lets `allowed` pull (undefined: it does not answer) and a store. */
function world(options: { readonly inStore: boolean; readonly allowed: string | undefined }): {
  ports: ObtainPorts;
  calls: string[];
} {
  const calls: string[] = [];
  const may = (credentials: RegistryCredentials | undefined): boolean =>
    options.allowed !== undefined && credentials?.password === options.allowed;
  const ports: ObtainPorts = {
    pullImage: (_ref, o) => {
      calls.push("pull");
      if (options.allowed === undefined) {
        return Promise.reject(new AirlockError("AIRLOCK_E_IMAGE_PULL_FAILED", "unreachable"));
      }
      if (!may(o?.credentials)) {
        return Promise.reject(new AirlockError("AIRLOCK_E_IMAGE_PULL_DENIED", "denied"));
      }
      return Promise.resolve({
        reference: "r",
        digest: "d",
        image: { ...stored.image, id: "p".repeat(64) },
        config,
        downloaded: true,
      });
    },
    canPull: (_ref, o): Promise<CanPullAnswer> => {
      calls.push("canPull");
      if (options.allowed === undefined) {
        return Promise.resolve({ allowed: false, denied: false, reason: "unreachable" });
      }
      return Promise.resolve(
        may(o?.credentials)
          ? { allowed: true, digest: undefined }
          : { allowed: false, denied: true, reason: "HTTP 401" },
      );
    },
    findPulledImage: () => {
      calls.push("find");
      return Promise.resolve(options.inStore ? stored : undefined);
    },
  };
  return { ports, calls };
}

const good = { username: "ci", password: "right" };
const obtain = (
  policies: readonly PullPolicy[],
  w: ReturnType<typeof world>,
  credentials?: RegistryCredentials,
) => obtainImage("reg.example/team/app:1", { policies, credentials, onLog: () => {} }, w.ports);

describe("obtainImage", () => {
  it("always pulls, also when the store has the image", async () => {
    const w = world({ inStore: true, allowed: "right" });
    expect((await obtain(["always"], w, good)).image.id).toBe("p".repeat(64));
    expect(w.calls).toEqual(["pull"]);
  });

  it("if-not-present uses the stored copy only after the registry confirms the job's credentials", async () => {
    const w = world({ inStore: true, allowed: "right" });
    expect((await obtain(["if-not-present"], w, good)).image.id).toBe("c".repeat(64));
    expect(w.calls).toEqual(["find", "canPull"]);
  });

  it("never gives a stored private image to a job whose credentials the registry refuses", async () => {
    const w = world({ inStore: true, allowed: "right" });
    for (const policies of [["if-not-present"], ["never"], ["always", "if-not-present"]] as const) {
      const failed = obtain(policies, w, { username: "ci", password: "wrong" });
      await expect(failed).rejects.toMatchObject({ code: "AIRLOCK_E_IMAGE_PULL_DENIED" });
    }
    await expect(obtain(["never"], w)).rejects.toThrow(/did not confirm that this job may pull it/);
  });

  it("does not use the stored copy when the registry cannot confirm (unreachable)", async () => {
    const w = world({ inStore: true, allowed: undefined });
    await expect(obtain(["never"], w, good)).rejects.toMatchObject({
      code: "AIRLOCK_E_IMAGE_PULL_FAILED",
    });
  });

  it("never fails without a stored copy, and if-not-present then pulls", async () => {
    const w = world({ inStore: false, allowed: "right" });
    await expect(obtain(["never"], w, good)).rejects.toThrow(/not in the image store/);
    expect((await obtain(["if-not-present"], w, good)).image.id).toBe("p".repeat(64));
  });

  it("tries the next policy when one fails: [always, if-not-present]", async () => {
    const w = world({ inStore: true, allowed: "right" });
    w.ports = {
      ...w.ports,
      pullImage: () => Promise.reject(new AirlockError("AIRLOCK_E_IMAGE_PULL_FAILED", "flaky")),
    };
    expect((await obtain(["always", "if-not-present"], w, good)).image.id).toBe("c".repeat(64));
  });
});
