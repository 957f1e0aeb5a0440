import { describe, expect, it } from "vitest";
import { qemuCommand, type QemuBootSpec } from "./qemu-command.js";

const spec: QemuBootSpec = {
  kernel: "/s/images/guest/k/vmlinuz",
  initramfs: "/s/images/guest/k/initramfs.img",
  accel: "tcg",
  cpus: 2,
  memoryMiB: 512,
};

/** The value after `flag` (the first occurrence). */
function after(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
}

describe("qemuCommand", () => {
  const argv = qemuCommand(spec);

  it("boots the microvm machine with the ISA serial console and ACPI", () => {
    expect(argv[0]).toBe("qemu-system-x86_64");
    const machine = after(argv, "-M") ?? "";
    expect(machine.split(",")).toEqual(
      expect.arrayContaining(["microvm", "isa-serial=on", "acpi=on", "pcie=off"]),
    );
    // The kernel hangs under TCG without PIT and PIC: never switched off.
    expect(machine).not.toMatch(/pit=off|pic=off/);
    expect(after(argv, "-append")?.split(" ")).toEqual(
      expect.arrayContaining(["console=ttyS0", "panic=-1"]),
    );
    expect(after(argv, "-serial")).toBe("stdio");
  });

  it("takes accelerator, vCPUs, memory, kernel and initramfs from the spec", () => {
    expect(after(argv, "-accel")).toBe("tcg,tb-size=64");
    expect(after(argv, "-smp")).toBe("2");
    expect(after(argv, "-m")).toBe("512M");
    expect(after(argv, "-kernel")).toBe(spec.kernel);
    expect(after(argv, "-initrd")).toBe(spec.initramfs);
    expect(after(qemuCommand({ ...spec, accel: "kvm" }), "-accel")).toBe("kvm");
  });

  it("runs without defaults, user config, display, network or nested virtualisation, sandboxed", () => {
    expect(argv).toEqual(
      expect.arrayContaining(["-nodefaults", "-no-user-config", "-nographic", "-no-reboot"]),
    );
    expect(after(argv, "-sandbox")).toBe(
      "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
    );
    // No virtualisation extensions reach the guest (the escape battery's nested-virt probe).
    expect(after(argv, "-cpu")).toBe("qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+cx16,-vmx,-svm");
    expect(after(qemuCommand({ ...spec, accel: "kvm" }), "-cpu")).toBe("host,-vmx,-svm");
    expect(argv.join(" ")).not.toMatch(/-netdev|-nic|-net |virtio-net|user,/);
  });

  it("gives the guest an airlock.agent port, on a socket when asked", () => {
    expect(argv).toContain("virtserialport,chardev=agent,name=airlock.agent");
    expect(after(argv, "-chardev")).toBe("null,id=agent");
    expect(after(qemuCommand({ ...spec, agentSocket: "/run/a.sock" }), "-chardev")).toBe(
      "socket,id=agent,path=/run/a.sock",
    );
  });

  it("gives a TCG guest the host's TSC rate, and a KVM guest none", () => {
    const tcg = after(qemuCommand({ ...spec, tscKhz: 2596128 }), "-append") ?? "";
    expect(tcg.split(" ")).toContain("tsc_early_khz=2596128");
    const kvm = after(qemuCommand({ ...spec, accel: "kvm", tscKhz: 2596128 }), "-append") ?? "";
    expect(kvm).not.toMatch(/tsc_early_khz/);
    expect(() => qemuCommand({ ...spec, tscKhz: 0 })).toThrow(RangeError);
  });

  it("attaches disks by serial, read-only where asked, and passes the hostname", () => {
    const withDisks = qemuCommand({
      ...spec,
      hostname: "job-1.example",
      disks: [
        { path: "/s/images/i/rootfs.ext4", serial: "airlock-base", readonly: true },
        { path: "/s/sandboxes/x/upper.ext4", serial: "airlock-upper", readonly: false },
      ],
    });
    const drives = withDisks.filter((_, i) => withDisks[i - 1] === "-drive");
    expect(drives).toEqual([
      "file=/s/images/i/rootfs.ext4,if=none,id=disk0,format=raw,readonly=on",
      "file=/s/sandboxes/x/upper.ext4,if=none,id=disk1,format=raw",
    ]);
    expect(withDisks).toContain("virtio-blk-device,drive=disk0,serial=airlock-base");
    expect(withDisks).toContain("virtio-blk-device,drive=disk1,serial=airlock-upper");
    expect((after(withDisks, "-append") ?? "").split(" ")).toContain(
      "airlock.hostname=job-1.example",
    );
    expect(() => qemuCommand({ ...spec, hostname: "a b" })).toThrow(/hostname/);
    expect(() =>
      qemuCommand({ ...spec, disks: [{ path: "/a,b", serial: "airlock-base", readonly: true }] }),
    ).toThrow(/comma/);
    // A disk handed over open: QEMU takes the descriptor and never opens the path.
    const handed = qemuCommand({
      ...spec,
      disks: [
        { path: "/root-only/rootfs.ext4", serial: "airlock-base", readonly: true, fds: [4] },
        { path: "/s/upper.ext4", serial: "airlock-upper", readonly: false, fds: [5, 7] },
      ],
    });
    expect(handed.filter((_, i) => handed[i - 1] === "-add-fd")).toEqual([
      "fd=4,set=4",
      "fd=5,set=5",
      "fd=7,set=5",
    ]);
    expect(after(handed, "-drive")).toBe(
      "file=/dev/fdset/4,if=none,id=disk0,format=raw,readonly=on",
    );
    expect(handed.join(" ")).not.toContain("/root-only/");
  });

  it("gives the guest a virtio-net NIC on a tap, with its IPv4 settings, only when asked", () => {
    const network = {
      tapFd: 3,
      mac: "02:61:6c:00:01:02",
      address: "10.213.0.6",
      netmask: "255.255.255.252",
      gateway: "10.213.0.5",
    };
    const withNic = qemuCommand({ ...spec, network });
    expect(after(withNic, "-netdev")).toBe("tap,id=net0,fd=3");
    expect(withNic).toContain("virtio-net-device,netdev=net0,mac=02:61:6c:00:01:02");
    expect((after(withNic, "-append") ?? "").split(" ")).toContain(
      "airlock.net=10.213.0.6,255.255.255.252,10.213.0.5",
    );
    expect(argv.join(" ")).not.toMatch(/airlock\.net=|-netdev/);
    const v6 = qemuCommand({
      ...spec,
      network: { ...network, ipv6: { address: "fd61::2", prefixLength: 64, gateway: "fd61::1" } },
    });
    expect((after(v6, "-append") ?? "").split(" ")).toContain("airlock.net6=fd61::2/64,fd61::1");
    expect(() => qemuCommand({ ...spec, network: { ...network, address: "10.0.0.1 x" } })).toThrow(
      RangeError,
    );
    expect(() => qemuCommand({ ...spec, network: { ...network, tapFd: 1 } })).toThrow(RangeError);
  });

  it("appends extra kernel parameters after airlock's", () => {
    const append = after(qemuCommand({ ...spec, extraAppend: ["loglevel=7"] }), "-append") ?? "";
    expect(append.endsWith(" loglevel=7")).toBe(true);
  });

  it("rejects sizes and values QEMU would misread", () => {
    expect(() => qemuCommand({ ...spec, cpus: 0 })).toThrow(RangeError);
    expect(() => qemuCommand({ ...spec, memoryMiB: 32 })).toThrow(RangeError);
    expect(() => qemuCommand({ ...spec, kernel: "/a,b/vmlinuz" })).toThrow(/comma/);
    expect(() => qemuCommand({ ...spec, extraAppend: ["a b"] })).toThrow(/kernel parameter/);
  });
});
