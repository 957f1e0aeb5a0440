import { Option, type Command } from "commander";
import { AirlockError } from "../core/airlock-error.js";
import { setImageNetworkLimit } from "../app/set-image-network-limit.js";
import { defaultImageName } from "../image/image-name.js";
import { parsePackageList } from "../image/image-recipe.js";
import {
  buildImage,
  collectGarbage,
  listImages,
  removeImageName,
  shortId,
  type ImageInfo,
} from "../image/image-store.js";
import { liveSandboxImageUsage } from "../app/image-usage.js";
import { pullOciImage } from "../app/pull-oci-image.js";
import { prepareMicrovm } from "../app/prepare-microvm.js";

interface BuildFlags {
  readonly packages: readonly string[];
  readonly force?: boolean;
  readonly microvm?: boolean;
}

export function registerImage(program: Command): void {
  const image = program.command("image").description("build, list and remove sandbox images");
  image
    .command("build")
    .description("build a Debian image with mmdebstrap; does nothing when its recipe is unchanged")
    .argument("[name]", "image name", defaultImageName)
    .option(
      "--packages <list>",
      "add Debian packages to the image (comma-separated, repeatable)",
      collect,
      [],
    )
    .option("--force", "build again even when an image with the same recipe exists")
    .option(
      "--microvm",
      "also make what --backend microvm needs: the guest kernel and initramfs, and the image's VM disk (otherwise made on first use)",
    )
    .addHelpText(
      "after",
      "\nThe recipe is Debian bookworm minbase, airlock's default package set, the packages\n" +
        "given with --packages (remembered for the next build of NAME) and this host's Debian\n" +
        "mirror. Needs root.\n\nExample:\n  airlock image build node --packages nodejs,npm",
    )
    .action(async (name: string, flags: BuildFlags, command: Command) => {
      const verbose = command.optsWithGlobals<{ verbose?: boolean }>().verbose === true;
      const started = Date.now();
      const result = await buildImage(name, {
        extraPackages: flags.packages.flatMap(parsePackageList),
        force: flags.force === true,
        usage: liveSandboxImageUsage(),
        onProgress: (line) => process.stderr.write(`airlock: ${line}\n`),
        ...(verbose ? { onBuildLog: (log: string) => process.stderr.write(log) } : {}),
      });
      const { metadata } = result;
      if (result.built) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `built image ${name} (id ${shortId(metadata.id)}, ${formatSize(metadata.sizeBytes)}, ` +
            `${metadata.packageCount} packages) in ${seconds} s\n`,
        );
      } else {
        process.stdout.write(`image ${name} is up to date (id ${shortId(metadata.id)})\n`);
      }
      if (flags.microvm === true) {
        const ready = await prepareMicrovm(name);
        process.stdout.write(
          `microVM: guest kernel ${ready.kernelVersion}, disk ${ready.rootDisk}\n`,
        );
      }
    });

  image
    .command("pull")
    .description("pull an OCI image from a registry into the image store")
    .argument("<reference>", "[registry[:port]/]repository[:tag][@sha256:digest]")
    .option("--user <user>", "registry user (the password comes from stdin)")
    .option("--password-stdin", "read the registry password or token from stdin")
    .option(
      "--insecure-registry <host>",
      "reach host[:port] over plain HTTP (loopback registries always are; repeatable)",
      collect,
      [],
    )
    .option(
      "--platform <os/arch>",
      "the platform to pick from a multi-arch index (default: this host's)",
    )
    .addHelpText(
      "after",
      "\nThe registry is always asked, so credentials are checked even when the image is stored\n" +
        "already. Without --user, credentials come from DOCKER_AUTH_CONFIG when it is set, then\n" +
        "/root/.docker/config.json, each asking its credential helper (credHelpers, credsStore)\n" +
        "before auths. Layers are verified against their digests and shared by digest between\n" +
        "images. Needs root.\n\n" +
        'Example:\n  printf %s "$TOKEN" | airlock image pull --user ci --password-stdin registry.example.com/team/app:1',
    )
    .action(
      async (
        reference: string,
        flags: {
          readonly user?: string;
          readonly passwordStdin?: boolean;
          readonly insecureRegistry: readonly string[];
          readonly platform?: string;
        },
      ) => {
        const password =
          flags.passwordStdin === true ? (await readStdin()).replace(/\r?\n$/, "") : undefined;
        const result = await pullOciImage({
          reference,
          user: flags.user,
          password,
          dockerAuthConfig: process.env["DOCKER_AUTH_CONFIG"],
          insecureRegistries: flags.insecureRegistry,
          platform: flags.platform,
          onProgress: (line) => process.stderr.write(`airlock: ${line}\n`),
        });
        const how = result.downloaded ? "pulled" : "is up to date:";
        process.stdout.write(
          `${result.reference} ${how} id ${shortId(result.image.id)} (${result.digest})\n`,
        );
      },
    );

  image
    .command("ls")
    .description("list images: name, id, size, creation time, network limit")
    .option("--json", "print JSON (full ids, recipes)")
    .action(async (flags: { readonly json?: boolean }) => {
      const images = await listImages();
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(images, null, 2)}\n`);
        return;
      }
      process.stdout.write(formatTable(images));
      if (images.length === 0)
        process.stderr.write("airlock: no images yet: run `airlock image build`\n");
    });

  image
    .command("limit")
    .description("bound what every sandbox of an image may reach, whatever a job or flag asks")
    .argument("<name>", "image name or id")
    .addOption(
      new Option("--network <policy>", "the most the image's sandboxes may reach").choices([
        "none",
        "internet",
        "allowlist",
      ]),
    )
    .option("--allow <list>", "with --network allowlist: what may be reached (as for sandbox run)")
    .option("--remove", "remove the image's limit")
    .addHelpText(
      "after",
      "\nA sandbox of the image gets what its job asks for cut to this limit (and to the runner's\npolicy); what is cut is reported. The limit belongs to the image, so every name of it and a\nreference by id are bound alike, and a rebuild of NAME keeps it.\n\nExample:\n  airlock image limit untrusted --network none",
    )
    .action(
      async (
        name: string,
        flags: {
          readonly network?: "none" | "internet" | "allowlist";
          readonly allow?: string;
          readonly remove?: boolean;
        },
      ) => {
        if ((flags.network === undefined) === (flags.remove !== true)) {
          throw new AirlockError("AIRLOCK_E_USAGE", "give either --network POLICY or --remove", {
            fix: "e.g. `airlock image limit NAME --network none`",
          });
        }
        if (flags.allow !== undefined && flags.network !== "allowlist") {
          throw new AirlockError("AIRLOCK_E_USAGE", "--allow needs --network allowlist");
        }
        const limit =
          flags.network === undefined
            ? undefined
            : {
                policy: flags.network,
                allow: flags.allow === undefined ? [] : flags.allow.split(","),
              };
        const result = await setImageNetworkLimit(name, limit);
        process.stdout.write(
          `image ${name} (${shortId(result.id)}): network limit ${result.text}\n`,
        );
      },
    );

  image
    .command("rm")
    .description(
      "remove an image name or pulled reference; the image itself goes at the next `image gc`",
    )
    .argument("<name>", "image name, or an OCI reference pulled with `image pull`")
    .option(
      "--prune",
      "also remove the image now if no other name points at it and no sandbox uses it",
    )
    .action(async (name: string, flags: { readonly prune?: boolean }) => {
      const result = await removeImageName(name, {
        prune: flags.prune === true,
        usage: liveSandboxImageUsage(),
      });
      const id = shortId(result.id);
      if (result.pruned) {
        process.stdout.write(`removed image ${name} and its files (id ${id})\n`);
      } else if (result.keptBecause !== undefined) {
        process.stdout.write(`removed name ${name}; kept image ${id}: ${result.keptBecause}\n`);
      } else {
        process.stdout.write(
          `removed name ${name}; \`airlock image gc\` removes image ${id} once unused\n`,
        );
      }
    });

  image
    .command("gc")
    .description(
      "remove images no name or pulled reference points at and no running sandbox uses, then the pulled layers no image uses",
    )
    .action(async () => {
      const result = await collectGarbage(liveSandboxImageUsage());
      for (const { id, sizeBytes } of result.removed) {
        process.stdout.write(`removed image ${shortId(id)} (${formatSize(sizeBytes)})\n`);
      }
      for (const { id, reason } of result.kept)
        process.stdout.write(`kept image ${shortId(id)}: ${reason}\n`);
      for (const warning of result.warnings) process.stderr.write(`airlock: warning: ${warning}\n`);
      if (result.blobs.removed > 0) {
        process.stdout.write(
          `removed ${result.blobs.removed} pulled blob(s) (${formatSize(result.blobs.freedBytes)})\n`,
        );
      }
      if (result.blobs.keptBecause !== undefined) {
        process.stdout.write(`kept unreferenced pulled blobs: ${result.blobs.keptBecause}\n`);
      }
      const freed = result.removed.reduce((sum, r) => sum + r.sizeBytes, 0);
      const stale =
        result.staleRemoved > 0 ? ` and ${result.staleRemoved} leftover build dir(s)` : "";
      process.stdout.write(
        `removed ${result.removed.length} image(s)${stale}, freed ${formatSize(freed)}\n`,
      );
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1024) return `${(mib / 1024).toFixed(1)} GiB`;
  if (mib >= 10) return `${Math.round(mib)} MiB`;
  return `${mib.toFixed(1)} MiB`;
}

function formatTable(images: readonly ImageInfo[]): string {
  const rows = [["NAME", "ID", "SIZE", "CREATED", "NETWORK LIMIT"]];
  for (const image of images) {
    const created = `${image.createdAt.slice(0, 16).replace("T", " ")} UTC`;
    const names = image.names.length > 0 ? image.names : ["<none>"];
    const limit =
      image.networkLimit === undefined
        ? "-"
        : [image.networkLimit.policy, ...image.networkLimit.allow].join(" ");
    for (const name of names)
      rows.push([name, shortId(image.id), formatSize(image.sizeBytes), created, limit]);
  }
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")
    .concat("\n");
}
