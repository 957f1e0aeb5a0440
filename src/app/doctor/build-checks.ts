import { aptInstall } from "./apt-install.js";
import type { CheckRow, HostFacts, ToolFact } from "./host-report.js";
import { minimumKernel, staticLibcPath } from "./host-report.js";
import { kernelAtLeast } from "./kernel-at-least.js";
import { microvmRows } from "./microvm-rows.js";
import { notOk } from "./not-ok.js";
import { runtimeRows } from "./runtime-rows.js";

const neededControllers = ["cpu", "memory", "pids"] as const;

/** Turns what the probes found into doctor's table: one row per check, in display order. */
export function buildChecks(facts: HostFacts): CheckRow[] {
  return [
    rootRow(facts),
    osRow(facts),
    usernsRow(facts),
    netnsRow(facts),
    cgroupRow(facts),
    controllersRow(facts),
    swapRow(facts),
    ...runtimeRows(facts),
    nftRow(facts),
    packageRow("mmdebstrap", "mmdebstrap (image builds)", facts.mmdebstrap, "mmdebstrap"),
    packageRow("gcc", "gcc (static helpers)", facts.gcc, "gcc"),
    staticLibcRow(facts),
    overlayRow(facts),
    idmapRow(facts),
    loopRow(facts),
    packageRow("mkfs-ext4", "mkfs.ext4 (writable layers)", facts.mkfsExt4, "e2fsprogs"),
    gitRow(facts),
    zstdRow(facts),
    ...microvmRows(facts),
  ];
}

function rootRow(facts: HostFacts): CheckRow {
  const row = { id: "root", label: "running as root", scope: "container" } as const;
  return facts.euid === 0
    ? { ...row, status: "ok", detail: "euid 0" }
    : {
        ...row,
        status: "missing",
        detail: `euid ${facts.euid}: sandboxes need root`,
        fix: "run airlock as root (sudo airlock ...)",
      };
}

function osRow(facts: HostFacts): CheckRow {
  const row = { id: "os", label: "operating system", scope: "info" } as const;
  const name = facts.osPrettyName ?? "unknown (no /etc/os-release)";
  return facts.osId === "debian"
    ? { ...row, status: "ok", detail: name }
    : {
        ...row,
        status: "warn",
        detail: `${name}: airlock is built for Debian`,
        fix: "use Debian 12 (bookworm) or newer; package names in these fixes are Debian's",
      };
}

function usernsRow(facts: HostFacts): CheckRow {
  const row = { id: "userns", label: "user namespaces", scope: "container" } as const;
  const max = facts.maxUserNamespaces;
  const sysctlFix = "sysctl -w user.max_user_namespaces=15000";
  if (max === 0) {
    return { ...row, status: "missing", detail: "user.max_user_namespaces is 0", fix: sysctlFix };
  }
  const limit = max === undefined ? "" : `max ${max}; `;
  const probe = facts.userns;
  if (probe.kind === "ok") {
    return { ...row, status: "ok", detail: `${limit}created one (unshare --user --map-root-user)` };
  }
  return notOk(row, probe, `${limit}cannot create one`, sysctlFix);
}

function netnsRow(facts: HostFacts): CheckRow {
  const row = { id: "netns", label: "network namespaces", scope: "container" } as const;
  const probe = facts.netns;
  if (probe.kind === "ok") return { ...row, status: "ok", detail: "created one (unshare --net)" };
  return notOk(
    row,
    probe,
    "cannot create one",
    "use a kernel built with CONFIG_NET_NS=y (Debian's are)",
  );
}

function cgroupRow(facts: HostFacts): CheckRow {
  const row = { id: "cgroup", label: "cgroup layout", scope: "container" } as const;
  const { kind, unifiedMount } = facts.cgroup;
  switch (kind) {
    case "v2":
      return { ...row, status: "ok", detail: `v2 (unified) at ${unifiedMount ?? "?"}` };
    case "hybrid":
      return {
        ...row,
        status: "ok",
        detail: `hybrid: v1 controllers + cgroup2 at ${unifiedMount ?? "?"}`,
      };
    case "v1":
      return { ...row, status: "ok", detail: "v1 (no cgroup2 mounted)" };
    case "none":
      return {
        ...row,
        status: "missing",
        detail: "no cgroup filesystem mounted",
        fix: "mount -t cgroup2 cgroup2 /sys/fs/cgroup",
      };
  }
}

function controllersRow(facts: HostFacts): CheckRow {
  const row = {
    id: "cgroup-controllers",
    label: "cgroup cpu, memory, pids",
    scope: "container",
  } as const;
  const { controllers, kind } = facts.cgroup;
  const absent = neededControllers.filter((name) => !controllers.includes(name));
  const found = controllers.length === 0 ? "none" : controllers.join(" ");
  if (absent.length === 0) return { ...row, status: "ok", detail: `available: ${found}` };
  const fix =
    kind === "v2"
      ? `echo '${absent.map((name) => `+${name}`).join(" ")}' > /sys/fs/cgroup/cgroup.subtree_control`
      : absent.map((name) => `mount -t cgroup -o ${name} cgroup /sys/fs/cgroup/${name}`).join("; ");
  return {
    ...row,
    status: "missing",
    detail: `no ${absent.join(", ")} (available: ${found})`,
    fix,
  };
}

function swapRow(facts: HostFacts): CheckRow {
  const row = { id: "swap-accounting", label: "memory+swap accounting", scope: "info" } as const;
  const v1 = facts.cgroup.kind !== "v2";
  if (facts.cgroup.swapAccounting) {
    return {
      ...row,
      status: "ok",
      detail: v1 ? "memory.memsw.limit_in_bytes present" : "memory.swap.max present",
    };
  }
  return {
    ...row,
    status: "warn",
    detail: "swap is not accounted: a memory limit does not bound swap use",
    fix: "add swapaccount=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run update-grub, reboot",
  };
}

function nftRow(facts: HostFacts): CheckRow {
  const row = { id: "nftables", label: "nftables (network policy)", scope: "container" } as const;
  const { path, version, listTables } = facts.nft;
  if (path === undefined) {
    return {
      ...row,
      status: "missing",
      detail: "nft not installed",
      fix: aptInstall("nftables"),
      package: "nftables",
    };
  }
  const v = version ?? "unknown version";
  if (listTables.kind === "ok")
    return { ...row, status: "ok", detail: `${v}; nft list tables works` };
  if (listTables.kind === "skipped") {
    return {
      ...row,
      status: "warn",
      detail: `${v}; ${listTables.reason}`,
      fix: "run `sudo airlock doctor`",
    };
  }
  return notOk(row, listTables, `${v}; nft list tables fails`, "modprobe nf_tables");
}

function packageRow(id: CheckRow["id"], label: string, tool: ToolFact, pkg: string): CheckRow {
  const row = { id, label, scope: "container" } as const;
  return tool.path === undefined
    ? { ...row, status: "missing", detail: "not installed", fix: aptInstall(pkg), package: pkg }
    : { ...row, status: "ok", detail: tool.version ?? `installed at ${tool.path}` };
}

/** Sandboxes do not need git; `airlock runner` does (job sources, its git mirror): a warning. */
function gitRow(facts: HostFacts): CheckRow {
  const row = { id: "git", label: "git (airlock runner)", scope: "info" } as const;
  return facts.git.path === undefined
    ? {
        ...row,
        status: "warn",
        detail: "not installed: airlock runner fetches job sources with it",
        fix: aptInstall("git"),
        package: "git",
      }
    : { ...row, status: "ok", detail: facts.git.version ?? `installed at ${facts.git.path}` };
}

/** Only images with zstd-compressed layers need zstd (pulls unpack them with it): a warning. */
function zstdRow(facts: HostFacts): CheckRow {
  const row = { id: "zstd", label: "zstd (OCI zstd layers)", scope: "info" } as const;
  return facts.zstd.path === undefined
    ? {
        ...row,
        status: "warn",
        detail: "not installed: images with zstd-compressed layers cannot be pulled",
        fix: aptInstall("zstd"),
        package: "zstd",
      }
    : { ...row, status: "ok", detail: facts.zstd.version ?? `installed at ${facts.zstd.path}` };
}

function staticLibcRow(facts: HostFacts): CheckRow {
  const row = {
    id: "libc-static",
    label: "static libc (gcc -static)",
    scope: "container",
  } as const;
  return facts.staticLibc
    ? { ...row, status: "ok", detail: staticLibcPath }
    : {
        ...row,
        status: "missing",
        detail: `no ${staticLibcPath}`,
        fix: aptInstall("libc6-dev"),
        package: "libc6-dev",
      };
}

function overlayRow(facts: HostFacts): CheckRow {
  const row = { id: "overlayfs", label: "overlayfs", scope: "container" } as const;
  return facts.overlayFs
    ? { ...row, status: "ok", detail: "overlay in /proc/filesystems" }
    : {
        ...row,
        status: "missing",
        detail: "overlay not in /proc/filesystems",
        fix: "modprobe overlay",
      };
}

function idmapRow(facts: HostFacts): CheckRow {
  const row = { id: "idmap", label: "idmapped mounts", scope: "container" } as const;
  const { major, minor } = minimumKernel;
  const kernel = facts.kernelRelease;
  return kernelAtLeast(kernel, major, minor)
    ? { ...row, status: "ok", detail: `kernel ${kernel} (>= ${major}.${minor})` }
    : {
        ...row,
        status: "missing",
        detail: `kernel ${kernel} is older than ${major}.${minor}`,
        fix: `boot a kernel >= ${major}.${minor}: ${aptInstall("linux-image-amd64")} (Debian 12: 6.1), then reboot`,
      };
}

function loopRow(facts: HostFacts): CheckRow {
  const row = { id: "loop", label: "loop devices", scope: "container" } as const;
  return facts.loopControl
    ? { ...row, status: "ok", detail: "/dev/loop-control present" }
    : { ...row, status: "missing", detail: "no /dev/loop-control", fix: "modprobe loop" };
}
