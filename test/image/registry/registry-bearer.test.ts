import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AirlockError } from "../../../src/core/airlock-error.js";
import { canPull } from "../../../src/image/oci/can-pull.js";
import { pullImage } from "../../../src/image/oci/pull-image.js";
import { makeImage } from "./make-image.js";
import { pushImage } from "./push-image.js";
import { registrySkipReason, useTempStateDir } from "./registry-fixture.js";
import { reportSkip } from "../../support/host-features.js";
import { startRegistry, type RegistryServer } from "./registry-server.host.js";
import { startTokenServer, type TokenServer } from "./token-server.host.js";

/**
 * Bearer token auth against a real docker-registry whose token service (a small one of our
 * own on loopback) grants pull of `team/public` to anyone and of `team/private` with the
 * right user and password, as Docker Hub and GitLab's registry do.
 */
const skipReason =
  registrySkipReason() ??
  (existsSync("/usr/bin/openssl") ? undefined : "needs openssl (bash scripts/test installs it)");
reportSkip("registry bearer auth", skipReason);

describe.skipIf(skipReason !== undefined)("pulling with Bearer token auth", () => {
  useTempStateDir("airlock-bearer-test-");
  let tokens: TokenServer | undefined;
  let registry: RegistryServer | undefined;
  const image = makeImage([[{ name: "token", content: "bearer" }]]);
  const good = { username: "deploy", password: "t0ken" };
  const host = (): string => registry?.host ?? "";

  beforeAll(async () => {
    tokens = await startTokenServer({ ...good, publicRepositories: ["team/public"] });
    registry = await startRegistry({ token: tokens });
    for (const repository of ["team/public", "team/private"]) {
      const push = `Bearer ${tokens.mint(repository, ["pull", "push"])}`;
      await pushImage(host(), repository, "1", image, push);
    }
  });

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  it("pulls a public repository with an anonymous token", async () => {
    const result = await pullImage(`${host()}/team/public:1`);
    expect(readFileSync(join(result.image.rootfs, "token"), "utf8")).toBe("bearer");
    expect(tokens?.requests.at(-1)).toEqual({
      scope: "repository:team/public:pull",
      withCredentials: false,
    });
  });

  it("pulls a private repository only with a token got with the right credentials", async () => {
    const ref = `${host()}/team/private:1`;
    const anonymous = await pullImage(ref).catch((e: unknown) => e);
    expect(anonymous).toBeInstanceOf(AirlockError);
    expect((anonymous as AirlockError).code).toBe("AIRLOCK_E_IMAGE_PULL_DENIED");
    const wrong = await pullImage(ref, { credentials: { ...good, password: "x" } }).catch(
      (e: unknown) => e,
    );
    expect((wrong as AirlockError).code).toBe("AIRLOCK_E_IMAGE_PULL_DENIED");
    expect((wrong as AirlockError).message).toContain("token server");
    const result = await pullImage(ref, { credentials: good });
    expect(result.digest).toBe(image.manifestDigest);
    expect(tokens?.requests.at(-1)).toEqual({
      scope: "repository:team/private:pull",
      withCredentials: true,
    });
    expect(await canPull(ref, { credentials: good })).toEqual({
      allowed: true,
      digest: image.manifestDigest,
    });
    expect(await canPull(ref)).toMatchObject({ allowed: false, denied: true });
  });
});
