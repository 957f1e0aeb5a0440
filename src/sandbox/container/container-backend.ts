import { existsSync } from "node:fs";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { newId } from "../../core/ids.js";
import { nativeBinary } from "../../core/native-binary.host.js";
import { resolveImage } from "../../image/image-store.js";
import { withinImageLimit } from "../within-image-limit.js";
import { currentOwner } from "../owner.host.js";
import type { SandboxSpec } from "../sandbox-spec.js";
import type { ProbeResult, SandboxBackend, SiblingSpec } from "../sandbox.js";
import { cgroupHierarchies } from "../mount-table.host.js";
import { ContainerSandbox } from "./container-sandbox.host.js";
import {
  containerPaths,
  idRangeSlotsDir,
  networkSlotsDir,
  sandboxesDir,
} from "./container-paths.js";
import { claimSlot } from "../../core/claim-slot.host.js";
import {
  defaultAddressPool,
  poolCapacity,
  sandboxAddressing,
  type AddressPool,
  type SandboxAddressing,
} from "../network/address-pool.js";
import type { DnsEndpoint } from "../network/dns/dns-upstream.js";
import { hostHasIpv6DefaultRoute } from "../network/host-ipv6.js";
import { connectSandbox, type SandboxLinkOptions } from "../network/sandbox-link.host.js";
import type { NetworkPolicy } from "../network/network-policy.js";
import { buildOciSpec, type ContainerLayout } from "./oci-spec.js";
import { hostBoundingCapabilities } from "./host-capabilities.host.js";
import { mountRootfs } from "./rootfs.host.js";
import { runcRunDetached } from "./runc.host.js";
import { AgentChannel } from "./agent-channel.js";
import { writeRecord } from "./sandbox-record.js";
import { teardownContainer } from "./teardown.host.js";
import { claimIdRange, idRangeSize } from "./uid-range.host.js";
import { sweepingBackend } from "./sweeping-backend.js";

/**
 * The hardened OCI container backend (runc). create() labels the sandbox on disk before it
 * makes the first host resource, and tears everything down again if any step fails, so a
 * failed create leaves nothing and a killed airlock leaves only what the sweep removes.
 */
export interface ContainerBackendOptions {
  /** Where sandbox addresses come from (default 10.213.0.0/16 and a ULA /48). */
  readonly addressPool?: AddressPool;
  /** Resolvers the sandboxes' DNS forwarders ask (default: the host's /etc/resolv.conf). */
  readonly dnsUpstreams?: readonly DnsEndpoint[];
  /** Hears every DNS query a sandbox makes, one line each: the per-sandbox query log. */
  readonly onDnsQuery?: (sandboxId: string, line: string) => void;
}

export function containerBackend(options: ContainerBackendOptions = {}): SandboxBackend {
  return sweepingBackend("container", probe, (spec) => createContainer(spec, options));
}

function probe(): Promise<ProbeResult> {
  if (process.getuid?.() !== 0) {
    return Promise.resolve({
      usable: false,
      reason: "the container backend needs root (run airlock as root)",
    });
  }
  if (!existsSync("/usr/sbin/runc") && !existsSync("/usr/bin/runc")) {
    return Promise.resolve({
      usable: false,
      reason: "runc is not installed: run `airlock doctor --fix`",
    });
  }
  return Promise.resolve({ usable: true });
}

/** What a sibling (a service) takes from the sandbox it joins. */
interface SiblingParent {
  readonly initPid: number;
  readonly hostIdBase: number;
  readonly slot: number;
  readonly nameserver: string | undefined;
  /** The parent's /etc/hosts, which the sibling gets too. */
  readonly hosts: string;
}

async function createContainer(
  requested: SandboxSpec,
  options: ContainerBackendOptions,
  parent?: SiblingParent,
): Promise<ContainerSandbox> {
  let spec = requested;
  const usable = await probe();
  if (!usable.usable) {
    throw new AirlockError(
      "AIRLOCK_E_HOST_MISSING",
      usable.reason ?? "container backend unusable",
      {
        fix: "run `airlock doctor` to see what this host lacks",
      },
    );
  }
  const image = await resolveImage(spec.image);
  spec = withinImageLimit(spec, image);
  const initBinary = await nativeBinary("sandbox-init");
  const id = newId();
  const paths = containerPaths(id);
  // 0711: the container's init runs as the sandbox's unprivileged root and must traverse to
  // its rootfs and bind sources; nobody but root can list or read the state files.
  await mkdir(sandboxesDir(), { recursive: true, mode: 0o711 });
  await mkdir(paths.dir, { mode: 0o711 });
  let slot: number | undefined;
  let networkSlot: number | undefined;
  try {
    // A sibling lives in its parent's user namespace: its files map to the parent's id range,
    // which stays the parent's to release (the record's slot names it, held by the parent).
    const range = parent ?? claimIdRange(idRangeSlotsDir(), id);
    if (parent === undefined) slot = range.slot;
    const addressing =
      spec.network.kind === "none" || parent !== undefined
        ? undefined
        : claimAddressing(id, options.addressPool);
    networkSlot = addressing?.slot;
    const hostIdBase = spec.hardening.userNamespace ? range.hostIdBase : 0;
    await writeRecord(paths.dir, {
      id,
      backend: "container",
      imageId: image.id,
      owner: currentOwner(),
      slot: range.slot,
      hostIdBase,
      containerId: paths.containerId,
      ...(networkSlot === undefined ? {} : { networkSlot }),
      createdAt: new Date().toISOString(),
    });
    // `image gc` spares images a live sandbox record names; an image removed between
    // resolveImage and the record above is caught here, before it is mounted.
    const stillThere = await resolveImage(image.id);
    if (stillThere.rootfs !== image.rootfs)
      throw new Error(`image ${image.id} moved while starting`);
    const { rootfs, etcDir } = await mountRootfs({
      dir: paths.dir,
      imageRootfs: image.rootfs,
      hostIdBase,
      idmap: spec.hardening.userNamespace,
      diskMiB: spec.size.diskMiB,
      hostname: spec.hostname,
      nameserver: parent === undefined ? addressing?.ipv4.gateway : parent.nameserver,
    });
    if (parent !== undefined) await writeFile(join(etcDir, "hosts"), parent.hosts);
    const layout: ContainerLayout = {
      rootfs,
      hostIdBase,
      hostIdCount: idRangeSize,
      initBinary,
      etcDir,
      cgroupsPath: paths.cgroupsPath,
      swapAccounting: cgroupHierarchies().some((h) =>
        existsSync(join(h, "memory.memsw.limit_in_bytes")),
      ),
      annotations: { "org.airlock.sandbox": id, "org.airlock.owner.pid": String(process.pid) },
      hostCapabilities: hostBoundingCapabilities(),
      ...(parent === undefined ? {} : { joinNamespacesOf: parent.initPid }),
    };
    const oci = buildOciSpec(spec, layout);
    await writeFile(join(paths.dir, "config.json"), JSON.stringify(oci, null, 1), { mode: 0o600 });
    const { control, initPid } = await runcRunDetached(paths.containerId, paths.dir);
    const agent = new AgentChannel(control);
    const link =
      spec.network.kind === "none" || addressing === undefined
        ? undefined
        : await connectSandbox(sandboxLinkOptions(id, spec.network, addressing, options), {
            kind: "container",
            initPid,
          }).catch((error: unknown) => {
            agent.close();
            throw error;
          });
    const hostsFile = join(etcDir, "hosts");
    const makeSibling =
      parent !== undefined
        ? undefined
        : async (sibling: SiblingSpec): Promise<ContainerSandbox> => {
            // In place: the file is bind-mounted into the running sandbox.
            await appendFile(hostsFile, `127.0.0.1\t${sibling.hostNames.join(" ")}\n`);
            return createContainer(
              {
                ...spec,
                image: sibling.image,
                env: sibling.env,
                network: { kind: "none" },
                mounts: [],
              },
              options,
              {
                initPid,
                hostIdBase,
                slot: range.slot,
                nameserver: addressing?.ipv4.gateway,
                hosts: await readFile(hostsFile, "utf8"),
              },
            );
          };
    return new ContainerSandbox(
      id,
      spec,
      paths,
      agent,
      initPid,
      { slot, networkSlot },
      link,
      makeSibling,
    );
  } catch (error: unknown) {
    const report = await teardownContainer(id, { slot, networkSlot });
    if (error instanceof AirlockError) throw error;
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `creating sandbox ${id} failed: ${error instanceof Error ? error.message : String(error)}` +
        (report.leftovers.length > 0 ? `; left behind: ${report.leftovers.join(", ")}` : ""),
      { cause: error },
    );
  }
}

/** connectSandbox's options for sandbox `id` from a backend's options (both backends). */
export function sandboxLinkOptions(
  id: string,
  policy: Exclude<NetworkPolicy, { kind: "none" }>,
  addressing: SandboxAddressing,
  options: ContainerBackendOptions,
): SandboxLinkOptions {
  return {
    sandboxId: id,
    policy,
    addressing,
    ...(options.dnsUpstreams === undefined ? {} : { dnsUpstreams: options.dnsUpstreams }),
    ...(options.onDnsQuery === undefined
      ? {}
      : { onDnsQuery: (line: string) => options.onDnsQuery?.(id, line) }),
  };
}

/** Claims a network slot for `sandboxId` and derives its addresses, MACs and link names. */
export function claimAddressing(
  sandboxId: string,
  pool: AddressPool = defaultAddressPool,
): SandboxAddressing {
  const effective = hostHasIpv6DefaultRoute() ? pool : { ...pool, ipv6: null };
  const slot = claimSlot(networkSlotsDir(), sandboxId, poolCapacity(effective));
  if (slot === undefined) {
    throw new AirlockError("AIRLOCK_E_CAPACITY", "every sandbox network address is in use", {
      fix: "wait for running sandboxes to end, or run `airlock sandbox gc` to reclaim orphans",
    });
  }
  return sandboxAddressing(effective, slot);
}
