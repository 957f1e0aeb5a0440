import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readImageEtcFile } from "./read-image-etc-file.js";

describe("readImageEtcFile", () => {
  let dir = "";
  let rootfs = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "airlock-etc-"));
    rootfs = join(dir, "rootfs");
    mkdirSync(rootfs);
    writeFileSync(join(dir, "host-secret"), "host:x:0:0\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the image's /etc/NAME", async () => {
    mkdirSync(join(rootfs, "etc"));
    writeFileSync(join(rootfs, "etc", "passwd"), "app:x:1000:1000::/:/bin/sh\n");
    expect(await readImageEtcFile(rootfs, "passwd")).toBe("app:x:1000:1000::/:/bin/sh\n");
    expect(await readImageEtcFile(rootfs, "group")).toBeUndefined();
  });

  it("never follows the file's own symlink out of the image", async () => {
    mkdirSync(join(rootfs, "etc"));
    symlinkSync(join(dir, "host-secret"), join(rootfs, "etc", "passwd"));
    expect(await readImageEtcFile(rootfs, "passwd")).toBeUndefined();
  });

  it("resolves a symlinked /etc inside the image, not on the host", async () => {
    symlinkSync("..", join(rootfs, "etc")); // on the host: dir, which holds host-secret
    mkdirSync(join(rootfs, "real"));
    expect(await readImageEtcFile(rootfs, "host-secret")).toBeUndefined();
    rmSync(join(rootfs, "etc"));
    symlinkSync("/real", join(rootfs, "etc"));
    writeFileSync(join(rootfs, "real", "passwd"), "inside\n");
    expect(await readImageEtcFile(rootfs, "passwd")).toBe("inside\n");
  });

  it("is undefined without an image /etc", async () => {
    expect(await readImageEtcFile(rootfs, "passwd")).toBeUndefined();
  });
});
