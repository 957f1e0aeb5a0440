import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobVariable } from "../../../src/job/job-spec.js";
import { resolveJobImage } from "../../../src/app/run/job-image.js";
import { runCredentialHelper } from "../../../src/image/oci/credential-helper.host.js";
import { pullOciImage } from "../../../src/app/pull-oci-image.js";
import type { ImagePullSettings } from "../../../src/app/run/image-pull-settings.js";
import { makeImage } from "./make-image.js";
import { pushImage } from "./push-image.js";
import {
  airlockErrorOf,
  registrySkipReason,
  testLogin,
  useRegistryStore,
} from "./registry-fixture.js";
import { reportSkip } from "../../support/host-features.js";

/**
 * Credential helpers (`credHelpers` / `credsStore` of DOCKER_AUTH_CONFIG) against a private
 * image on a loopback docker-registry with Basic auth: a fake `docker-credential-NAME` in
 * /usr/local/bin (the fixed helper PATH; removed afterwards) answers the test login. The
 * runner's own DOCKER_AUTH_CONFIG may name it; a job's variable may not (refused, logged).
 * `airlock image pull` asks the operator's helpers (DOCKER_AUTH_CONFIG, the host's config
 * file) unless --user is given.
 */
const skipReason = registrySkipReason();
reportSkip("credential helpers", skipReason);

describe.skipIf(skipReason !== undefined)("credential helpers for private images", () => {
  const store = useRegistryStore("airlock-cred-helper-test-");
  const name = `airlock-test-${process.pid}`;
  const program = `/usr/local/bin/docker-credential-${name}`;
  const scratch = mkdtempSync(join(tmpdir(), "airlock-cred-helper-"));
  const asked = join(scratch, "asked");
  const settings = (dockerAuthConfig: string | undefined): ImagePullSettings => ({
    pullPolicy: ["always"],
    allowedPullPolicies: ["always"],
    allowedImages: [],
    allowedServices: [],
    dockerAuthConfig,
    hostDockerConfig: join(scratch, "no-config.json"),
    registryLogins: [],
  });
  const resolve = (
    reference: string,
    variables: readonly JobVariable[],
    pull: ImagePullSettings,
    lines: string[],
  ) =>
    resolveJobImage(reference, {
      pullPolicy: undefined,
      variables,
      settings: pull,
      allowed: { key: "allowed_images", patterns: [] },
      log: (line) => lines.push(line),
    });

  beforeAll(async () => {
    if (existsSync(program)) throw new Error(`${program} exists already`);
    writeFileSync(
      program,
      [
        "#!/bin/sh",
        `[ "$1" = get ] || exit 2`,
        `read -r server; printf '%s\\n' "$server" >> ${asked}`,
        `printf '{"ServerURL":"%s","Username":"${testLogin.username}","Secret":"${testLogin.password}"}\\n' "$server"`,
        "",
      ].join("\n"),
    );
    chmodSync(program, 0o755);
    const image = makeImage([[{ name: "secret", content: "from the private image" }]]);
    await pushImage(store().closed.host, "team/private", "1", image, testLogin);
  });

  afterAll(() => {
    rmSync(program, { force: true });
    for (const kind of ["none", "flood", "junk", "identity"])
      rmSync(`${program}-${kind}`, { force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it("pulls a private image with the credentials of the runner's credHelpers / credsStore", async () => {
    const host = store().closed.host;
    const reference = `${host}/team/private:1`;
    for (const config of [{ credHelpers: { [host]: name } }, { credsStore: name }]) {
      const lines: string[] = [];
      const resolved = await resolve(reference, [], settings(JSON.stringify(config)), lines);
      expect(resolved.image).toMatch(/^[0-9a-f]{64}$/);
      expect(lines).toContain(
        `Authenticating with credentials from $DOCKER_AUTH_CONFIG (credential helper ${name})`,
      );
    }
    expect(readFileSync(asked, "utf8")).toBe(`${host}\n${host}\n`);
  });

  it("airlock image pull asks the operator's helpers (DOCKER_AUTH_CONFIG, host config); --user wins", async () => {
    const host = store().closed.host;
    const reference = `${host}/team/private:1`;
    const hostConfig = join(scratch, "host-config.json");
    writeFileSync(hostConfig, JSON.stringify({ credHelpers: { [host]: name } }));
    const pull = (dockerAuthConfig: string | undefined, hostDockerConfig: string) => {
      const lines: string[] = [];
      const pulled = pullOciImage({
        reference,
        user: undefined,
        password: undefined,
        dockerAuthConfig,
        hostDockerConfig,
        insecureRegistries: [],
        platform: undefined,
        onProgress: (line) => lines.push(line),
      });
      return { pulled, lines };
    };
    for (const [auth, file, source] of [
      [
        JSON.stringify({ credsStore: name }),
        join(scratch, "no-config.json"),
        "$DOCKER_AUTH_CONFIG",
      ],
      [undefined, hostConfig, hostConfig],
    ] as const) {
      rmSync(asked, { force: true });
      const { pulled, lines } = pull(auth, file);
      expect((await pulled).image.id).toMatch(/^[0-9a-f]{64}$/);
      expect(lines).toContain(
        `authenticating with credentials from ${source} (credential helper ${name})`,
      );
      expect(readFileSync(asked, "utf8")).toBe(`${host}\n`);
    }
    rmSync(asked, { force: true });
    const denied = await airlockErrorOf(pull(undefined, join(scratch, "no-config.json")).pulled);
    expect(denied.code).toBe("AIRLOCK_E_IMAGE_PULL_DENIED");
    const explicit = await pullOciImage({
      reference,
      user: testLogin.username,
      password: testLogin.password,
      dockerAuthConfig: JSON.stringify({ credsStore: `${name}-missing` }),
      hostDockerConfig: hostConfig,
      insecureRegistries: [],
      platform: undefined,
      onProgress: () => undefined,
    });
    expect(explicit.image.id).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(asked)).toBe(false);
  });

  it("refuses a helper named by a job's DOCKER_AUTH_CONFIG: logged, never run, the pull denied", async () => {
    const host = store().closed.host;
    rmSync(asked, { force: true });
    const variable = {
      name: "DOCKER_AUTH_CONFIG",
      value: JSON.stringify({ credHelpers: { [host]: name } }),
      masked: false,
      file: false,
    };
    const lines: string[] = [];
    const error = await airlockErrorOf(
      resolve(`${host}/team/private:1`, [variable], settings(undefined), lines),
    );
    expect(error.code).toBe("AIRLOCK_E_IMAGE_PULL_DENIED");
    expect(lines).toContain(
      `WARNING: the job's variable DOCKER_AUTH_CONFIG names the credential helper "${name}" for ${host}: ignored, credential helpers run host programs and are honoured only from the runner's own configuration`,
    );
    expect(existsSync(asked)).toBe(false);
  });

  it("bounds what a helper may answer: none, too much, not JSON", async () => {
    const bodies = {
      none: 'echo "credentials not found in native keychain"; exit 1',
      flood: "head -c 200000 /dev/zero | tr '\\0' x",
      junk: "echo not json",
      identity: `echo '{"Username":"<token>","Secret":"refresh"}'`,
    };
    for (const [kind, body] of Object.entries(bodies)) {
      writeFileSync(`${program}-${kind}`, `#!/bin/sh\n${body}\n`);
      chmodSync(`${program}-${kind}`, 0o755);
    }
    expect(await runCredentialHelper(`${name}-none`, "r:1")).toBeUndefined();
    const flood = await airlockErrorOf(runCredentialHelper(`${name}-flood`, "r:1"));
    expect(flood.code).toBe("AIRLOCK_E_IMAGE_PULL_FAILED");
    expect(flood.message).toContain("wrote more than 65536 bytes");
    const junk = await airlockErrorOf(runCredentialHelper(`${name}-junk`, "r:1"));
    expect(junk.message).toContain("did not answer JSON");
    const identity = await airlockErrorOf(runCredentialHelper(`${name}-identity`, "r:1"));
    expect(identity.message).toContain("identity token");
    const bad = await airlockErrorOf(runCredentialHelper("../bin/sh", "r:1"));
    expect(bad.code).toBe("AIRLOCK_E_IMAGE_INVALID");
  });
});
