/**
 * A pulled image as a user meets it: `airlock image pull` (the built CLI) with
 * --user/--password-stdin and DOCKER_AUTH_CONFIG from a loopback registry with Basic auth,
 * `image ls` showing the reference, then a sandbox of the container backend running the
 * image's own static binary as the image's files' owner sees them, and `image rm` + `gc`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  missingMicrovmFeature,
  missingRootFeature,
  reportSkip,
} from "../../support/host-features.js";
import { makeImage } from "./make-image.js";
import { pushImage } from "./push-image.js";
import { startRegistry, type RegistryServer } from "./registry-server.host.js";
import { registryMissing, testHtpasswd, testLogin } from "./registry-fixture.js";

const skip =
  missingRootFeature() ??
  registryMissing() ??
  (existsSync("/usr/bin/gcc") ? undefined : "needs gcc (airlock doctor --fix)");
reportSkip("pulled image in a sandbox", skip);
const repo = join(import.meta.dirname, "..", "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const auth = testLogin;

describe.skipIf(skip !== undefined)("airlock image pull (CLI) and a sandbox of the image", () => {
  let scratch: string;
  let registry: RegistryServer | undefined;
  let reference = "";

  function airlock(args: readonly string[], input = "", env: Record<string, string> = {}) {
    const run = spawnSync("node", [cli, ...args], {
      input,
      encoding: "utf8",
      env: { ...process.env, AIRLOCK_STATE_DIR: join(scratch, "state"), ...env },
      timeout: 120_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  beforeAll(async () => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    scratch = mkdtempSync("/var/tmp/airlock-pull-cli-");
    // The sandboxes' unprivileged root must traverse to their rootfs (mkdtemp makes it 0700).
    chmodSync(scratch, 0o755);
    const source = join(scratch, "hello.c");
    writeFileSync(
      source,
      [
        "#include <stdio.h>",
        "#include <sys/stat.h>",
        "#include <unistd.h>",
        "int main(void) {",
        '  FILE *f = fopen("/etc/greeting", "r"); char b[64] = {0}; struct stat st;',
        '  if (!f || stat("/etc/greeting", &st) != 0) return 2;',
        "  if (fread(b, 1, 63, f) == 0) return 3;",
        '  printf("%s owner=%d uid=%d\\n", b, (int)st.st_uid, (int)getuid());',
        "  return 0;",
        "}",
        "",
      ].join("\n"),
    );
    execFileSync("gcc", ["-static", "-O2", "-o", join(scratch, "hello"), source]);
    const binary = readFileSync(join(scratch, "hello"));
    const image = makeImage(
      [
        [
          { name: "bin/", type: "dir" },
          { name: "bin/hello", content: binary, mode: 0o755 },
          { name: "etc/", type: "dir" },
          { name: "etc/greeting", content: "hello from the image", mode: 0o600, uid: 1000 },
        ],
      ],
      { Entrypoint: ["/bin/hello"], User: "1000" },
    );
    registry = await startRegistry({ htpasswd: testHtpasswd });
    reference = `${registry.host}/team/hello:1`;
    await pushImage(registry.host, "team/hello", "1", image, auth);
  });

  afterAll(async () => {
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("pulls with --password-stdin, refuses wrong credentials, and lists the reference", () => {
    const denied = airlock(
      ["image", "pull", "--user", "ci", "--password-stdin", reference],
      "nope\n",
    );
    expect(denied.code, denied.stderr).toBe(77);
    expect(denied.stderr).toContain("AIRLOCK_E_IMAGE_PULL_DENIED");
    const pulled = airlock(
      ["image", "pull", "--user", "ci", "--password-stdin", reference],
      "s3cret-pass\n",
    );
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(
      new RegExp(`^${reference} pulled id [0-9a-f]{12} \\(sha256:[0-9a-f]{64}\\)\\n$`),
    );
    const dockerAuthConfig = JSON.stringify({
      auths: {
        [registry?.host ?? ""]: {
          auth: Buffer.from(`${auth.username}:${auth.password}`).toString("base64"),
        },
      },
    });
    const again = airlock(["image", "pull", reference], "", {
      DOCKER_AUTH_CONFIG: dockerAuthConfig,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("is up to date");
    const listed = airlock(["image", "ls"]);
    expect(listed.stdout).toContain(reference);
  });

  it("runs a sandbox from the pulled image, whose files keep their owners", () => {
    const id = /id ([0-9a-f]{12})/.exec(
      airlock(["image", "pull", reference], "", {
        DOCKER_AUTH_CONFIG: JSON.stringify({ auths: { [registry?.host ?? ""]: auth } }),
      }).stdout,
    )?.[1];
    expect(id).toBeDefined();
    const run = airlock([
      "sandbox",
      "run",
      "--image",
      id ?? "",
      "--network",
      "none",
      "--memory",
      "128m",
      "--disk",
      "64m",
      "--",
      "/bin/hello",
    ]);
    expect(run.stdout, run.stderr).toBe("hello from the image owner=1000 uid=0\n");
    expect(run.code).toBe(0);
  });

  it.skipIf(missingMicrovmFeature() !== undefined)(
    "runs the pulled image in a microVM too (its rootfs becomes the VM's disk)",
    () => {
      const id = /id ([0-9a-f]{12})/.exec(
        airlock(["image", "pull", reference], "", {
          DOCKER_AUTH_CONFIG: JSON.stringify({ auths: { [registry?.host ?? ""]: auth } }),
        }).stdout,
      )?.[1];
      const run = airlock([
        "sandbox",
        "run",
        "--backend",
        "microvm",
        "--allow-tcg",
        "--image",
        id ?? "",
        "--network",
        "none",
        "--memory",
        "256m",
        "--disk",
        "64m",
        "--",
        "/bin/hello",
      ]);
      expect(run.stdout, run.stderr).toBe("hello from the image owner=1000 uid=0\n");
      expect(run.code).toBe(0);
    },
  );

  it("image rm REF and gc remove the image", () => {
    expect(airlock(["image", "rm", reference]).code).toBe(0);
    const gc = airlock(["image", "gc"]);
    expect(gc.code, gc.stderr).toBe(0);
    expect(gc.stdout).toMatch(/removed 1 image\(s\)/);
    expect(gc.stdout).toMatch(/removed 3 pulled blob\(s\)/);
    expect(airlock(["image", "ls"]).stdout).not.toContain(reference);
  });
});
