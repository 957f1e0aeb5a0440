// Reviewed seccomp data for the container backend (x86_64, with the i386 and x32 ABIs filtered
// by the same names). Everything not allowed here fails with EPERM; nothing is ever killed.
//
// Derived from Docker's default profile (moby profiles/seccomp/default.json) for a container
// without CAP_SYS_ADMIN, CAP_SYS_PTRACE, CAP_SYS_TIME and the like. Deviations from Docker, each
// explained in the reason of the entry concerned or in `seccompDenied`:
// - denied although Docker allows them: adjtimex, clock_adjtime(64), name_to_handle_at,
//   io_uring_*, fanotify_mark, socketcall (ENOSYS);
// - socket limited to AF_UNIX/INET/INET6/NETLINK by EQ rules (Docker: NE AF_VSOCK, bypassable),
//   socketpair limited to AF_UNIX;
// - unshare allowed without namespace flags (Docker denies it entirely without CAP_SYS_ADMIN).
//
// Contract for the translator (oci-spec.ts):
// - every entry becomes one OCI `linux.seccomp.syscalls` item; entries naming the same syscall
//   are alternatives (a call is allowed when any one of them matches);
// - `args` of one entry must all match (AND), exactly as in OCI;
// - for SCMP_CMP_MASKED_EQ, `value` is the mask and `valueTwo` the expected masked value; other
//   ops use `value` only;
// - every argument value is a non-negative safe integer no larger than 0xFFFFFFFF, so it survives
//   JSON serialisation unchanged;
// - names the installed libseccomp does not know are skipped by runc, never an error; syscalls
//   numbered above the newest one libseccomp knows get ENOSYS from runc's stub, so libc falls back;
// - runc silently drops an entry whose action and errno equal the default action, so an explicit
//   deny entry must use an errno other than `seccompDefaultErrno` to have any effect.
//
// Argument filters in ALLOW entries only ever use EQ or MASKED_EQ. On x86_64 libseccomp compares
// all 64 bits while the kernel truncates `int` arguments to 32 bits, so a NE filter ("allow
// unless family == 40", Docker's AF_VSOCK rule) is bypassed by setting any upper bit; EQ and
// MASKED_EQ fail closed.

export interface SeccompArgRule {
  readonly index: number;
  readonly op: "SCMP_CMP_MASKED_EQ" | "SCMP_CMP_EQ" | "SCMP_CMP_NE";
  readonly value: number;
  readonly valueTwo?: number;
}

export interface SeccompEntry {
  /** Syscall names as libseccomp spells them. */
  readonly names: readonly string[];
  readonly action: "SCMP_ACT_ALLOW" | "SCMP_ACT_ERRNO";
  /** Only with SCMP_ACT_ERRNO, and then required. */
  readonly errno?: "ENOSYS" | "EPERM";
  /** All must match (AND), like OCI. */
  readonly args?: readonly SeccompArgRule[];
  /** One sentence: why this entry exists. */
  readonly reason: string;
}

/** Default action for everything not listed: SCMP_ACT_ERRNO with this errno. */
export const seccompDefaultErrno = "EPERM";

// Namespace-creating flags of clone(2)/unshare(2): CLONE_NEWNS 0x00020000, CLONE_NEWCGROUP
// 0x02000000, CLONE_NEWUTS 0x04000000, CLONE_NEWIPC 0x08000000, CLONE_NEWUSER 0x10000000,
// CLONE_NEWPID 0x20000000, CLONE_NEWNET 0x40000000 (the same mask as Docker's).
const CLONE_NAMESPACE_FLAGS = 0x7e020000;
// CLONE_NEWTIME is only meaningful to unshare(2) and clone3(2); in clone(2) bit 0x80 belongs to
// the exit signal, so it is not part of the clone mask.
const CLONE_NEWTIME = 0x00000080;

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;

// personality(2) values Docker allows: PER_LINUX, PER_LINUX32, UNAME26, PER_LINUX32|UNAME26 and
// 0xffffffff (query only). Anything else (notably ADDR_NO_RANDOMIZE and READ_IMPLIES_EXEC)
// stays denied.
const PERSONALITY_VALUES: readonly number[] = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

function allowWhenArg0Equals(
  name: string,
  values: readonly number[],
  reason: (value: number) => string,
): SeccompEntry[] {
  return values.map((value) => ({
    names: [name],
    action: "SCMP_ACT_ALLOW",
    args: [{ index: 0, op: "SCMP_CMP_EQ", value }],
    reason: reason(value),
  }));
}

const familyName: Readonly<Record<number, string>> = {
  [AF_UNIX]: "AF_UNIX (local IPC: docker-less build tools, dbus, language servers, test servers)",
  [AF_INET]: "AF_INET (IPv4 TCP/UDP/ICMP-datagram for downloads and tests)",
  [AF_INET6]: "AF_INET6 (IPv6 and dual-stack listeners)",
  [AF_NETLINK]: "AF_NETLINK (getifaddrs, `ip addr`, udev/uevent and sock_diag readers)",
};

export const seccompAllowlist: readonly SeccompEntry[] = [
  {
    names: [
      "execve",
      "execveat",
      "exit",
      "exit_group",
      "fork",
      "vfork",
      "wait4",
      "waitid",
      "waitpid",
      "set_tid_address",
      "set_robust_list",
      "get_robust_list",
      "rseq",
      "arch_prctl",
      "set_thread_area",
      "get_thread_area",
      "prctl",
      "restart_syscall",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Starting, running and reaping programs and threads: every libc start-up and every shell needs these.",
  },
  {
    names: [
      "getpid",
      "getppid",
      "gettid",
      "getpgid",
      "getpgrp",
      "getsid",
      "getuid",
      "getuid32",
      "geteuid",
      "geteuid32",
      "getgid",
      "getgid32",
      "getegid",
      "getegid32",
      "getgroups",
      "getgroups32",
      "getresuid",
      "getresuid32",
      "getresgid",
      "getresgid32",
      "capget",
      "uname",
      "sysinfo",
      "getcpu",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Reading the process's own identity and basic system facts, which only reflect the sandbox's namespaces.",
  },
  {
    names: [
      "setuid",
      "setuid32",
      "setgid",
      "setgid32",
      "setreuid",
      "setreuid32",
      "setregid",
      "setregid32",
      "setresuid",
      "setresuid32",
      "setresgid",
      "setresgid32",
      "setfsuid",
      "setfsuid32",
      "setfsgid",
      "setfsgid32",
      "setgroups",
      "setgroups32",
      "capset",
      "setpgid",
      "setsid",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Package scripts, su/runuser/setpriv and daemons drop to service users and new sessions; the kernel checks the capabilities, which only exist inside the sandbox's user namespace.",
  },
  {
    names: [
      "getrlimit",
      "ugetrlimit",
      "setrlimit",
      "prlimit64",
      "getrusage",
      "times",
      "getpriority",
      "setpriority",
      "sched_getaffinity",
      "sched_setaffinity",
      "sched_getattr",
      "sched_setattr",
      "sched_getparam",
      "sched_setparam",
      "sched_getscheduler",
      "sched_setscheduler",
      "sched_get_priority_max",
      "sched_get_priority_min",
      "sched_rr_get_interval",
      "sched_rr_get_interval_time64",
      "sched_yield",
      "ioprio_get",
      "ioprio_set",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Resource limits, usage accounting and scheduling hints (make -j, nice, ionice, thread pools); raising beyond the cgroup or into real-time classes needs capabilities the sandbox lacks.",
  },
  {
    names: [
      "kill",
      "tkill",
      "tgkill",
      "rt_sigaction",
      "rt_sigpending",
      "rt_sigprocmask",
      "rt_sigqueueinfo",
      "rt_tgsigqueueinfo",
      "rt_sigreturn",
      "rt_sigsuspend",
      "rt_sigtimedwait",
      "rt_sigtimedwait_time64",
      "sigaltstack",
      "sigprocmask",
      "sigreturn",
      "signalfd",
      "signalfd4",
      "pause",
      "pidfd_open",
      "pidfd_send_signal",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Signal handling and delivery for job control and timeouts; the pid namespace leaves only sandbox processes to signal.",
  },
  {
    names: [
      "clock_gettime",
      "clock_gettime64",
      "clock_getres",
      "clock_getres_time64",
      "clock_nanosleep",
      "clock_nanosleep_time64",
      "gettimeofday",
      "time",
      "nanosleep",
      "alarm",
      "getitimer",
      "setitimer",
      "timer_create",
      "timer_delete",
      "timer_getoverrun",
      "timer_gettime",
      "timer_gettime64",
      "timer_settime",
      "timer_settime64",
      "timerfd_create",
      "timerfd_gettime",
      "timerfd_gettime64",
      "timerfd_settime",
      "timerfd_settime64",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Reading clocks, sleeping and per-process timers; none of these can change a system clock (clock setters are in seccompDenied).",
  },
  {
    names: [
      "brk",
      "mmap",
      "mmap2",
      "munmap",
      "mremap",
      "mprotect",
      "madvise",
      "mincore",
      "msync",
      "mlock",
      "mlock2",
      "mlockall",
      "munlock",
      "munlockall",
      "remap_file_pages",
      "membarrier",
      "memfd_create",
      "memfd_secret",
      "pkey_alloc",
      "pkey_free",
      "pkey_mprotect",
      "map_shadow_stack",
      "process_mrelease",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Managing the process's own memory (allocators, JITs, shared libraries, CET shadow stacks); locked memory stays bounded by RLIMIT_MEMLOCK and the memory cgroup.",
  },
  {
    names: ["futex", "futex_time64", "futex_waitv", "futex_wait", "futex_wake", "futex_requeue"],
    action: "SCMP_ACT_ALLOW",
    reason: "Thread synchronisation used by every threaded runtime (pthreads, Go, the JVM, Node).",
  },
  {
    names: [
      "read",
      "write",
      "readv",
      "writev",
      "pread64",
      "pwrite64",
      "preadv",
      "preadv2",
      "pwritev",
      "pwritev2",
      "lseek",
      "_llseek",
      "close",
      "close_range",
      "dup",
      "dup2",
      "dup3",
      "fcntl",
      "fcntl64",
      "ioctl",
      "flock",
      "pipe",
      "pipe2",
      "splice",
      "tee",
      "vmsplice",
      "sendfile",
      "sendfile64",
      "copy_file_range",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Reading, writing and passing data between file descriptors; ioctl is left open like Docker because devices are limited by the minimal /dev and the device cgroup.",
  },
  {
    names: [
      "open",
      "openat",
      "openat2",
      "creat",
      "access",
      "faccessat",
      "faccessat2",
      "stat",
      "stat64",
      "lstat",
      "lstat64",
      "fstat",
      "fstat64",
      "fstatat64",
      "newfstatat",
      "statx",
      "statfs",
      "statfs64",
      "fstatfs",
      "fstatfs64",
      "readlink",
      "readlinkat",
      "getdents",
      "getdents64",
      "getcwd",
      "chdir",
      "fchdir",
      "umask",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Opening files and reading their metadata and directories, confined by the mount namespace to the image, workspace and caches.",
  },
  {
    names: [
      "mkdir",
      "mkdirat",
      "rmdir",
      "unlink",
      "unlinkat",
      "rename",
      "renameat",
      "renameat2",
      "link",
      "linkat",
      "symlink",
      "symlinkat",
      "mknod",
      "mknodat",
      "truncate",
      "truncate64",
      "ftruncate",
      "ftruncate64",
      "fallocate",
      "chmod",
      "fchmod",
      "fchmodat",
      "fchmodat2",
      "chown",
      "chown32",
      "fchown",
      "fchown32",
      "fchownat",
      "lchown",
      "lchown32",
      "utime",
      "utimes",
      "utimensat",
      "utimensat_time64",
      "futimesat",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Creating and changing files as builds and package installs do; mknod stays allowed for FIFOs and sockets, while device nodes are stopped by the missing CAP_MKNOD, the user namespace and the device cgroup.",
  },
  {
    names: [
      "getxattr",
      "lgetxattr",
      "fgetxattr",
      "listxattr",
      "llistxattr",
      "flistxattr",
      "setxattr",
      "lsetxattr",
      "fsetxattr",
      "removexattr",
      "lremovexattr",
      "fremovexattr",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Extended attributes (file capabilities set by dpkg/rpm, ACLs, tar --xattrs); trusted.* and security.* writes are checked against the sandbox's user namespace.",
  },
  {
    names: [
      "fsync",
      "fdatasync",
      "sync",
      "syncfs",
      "sync_file_range",
      "fadvise64",
      "fadvise64_64",
      "readahead",
      "cachestat",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Durability and page-cache hints used by dpkg, databases and compilers; they only affect caching of files the job can already open.",
  },
  {
    names: [
      "poll",
      "ppoll",
      "ppoll_time64",
      "select",
      "_newselect",
      "pselect6",
      "pselect6_time64",
      "epoll_create",
      "epoll_create1",
      "epoll_ctl",
      "epoll_ctl_old",
      "epoll_wait",
      "epoll_wait_old",
      "epoll_pwait",
      "epoll_pwait2",
      "eventfd",
      "eventfd2",
      "inotify_init",
      "inotify_init1",
      "inotify_add_watch",
      "inotify_rm_watch",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Event loops and file watching (libuv, Go netpoll, test watchers); inotify only sees files the job can already read.",
  },
  {
    names: [
      "io_setup",
      "io_destroy",
      "io_submit",
      "io_cancel",
      "io_getevents",
      "io_pgetevents",
      "io_pgetevents_time64",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Legacy Linux AIO used by databases and qemu-img; unlike io_uring it issues no requests from kernel workers outside the seccomp filter.",
  },
  {
    names: [
      "bind",
      "connect",
      "listen",
      "accept",
      "accept4",
      "getsockname",
      "getpeername",
      "getsockopt",
      "setsockopt",
      "send",
      "sendto",
      "sendmsg",
      "sendmmsg",
      "recv",
      "recvfrom",
      "recvmsg",
      "recvmmsg",
      "recvmmsg_time64",
      "shutdown",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Using sockets the job was allowed to create; where traffic may go is decided by the network namespace and nftables, not here.",
  },
  ...allowWhenArg0Equals(
    "socket",
    [AF_UNIX, AF_INET, AF_INET6, AF_NETLINK],
    (family) =>
      `Creating ${familyName[family] ?? String(family)} sockets; every other family (AF_VSOCK to the host and microVM agents, AF_ALG, rare families that autoload kernel modules) stays denied, and raw sockets additionally need the dropped CAP_NET_RAW.`,
  ),
  {
    names: ["socketpair"],
    action: "SCMP_ACT_ALLOW",
    args: [{ index: 0, op: "SCMP_CMP_EQ", value: AF_UNIX }],
    reason:
      "Connected AF_UNIX pairs for subprocess plumbing; restricted to AF_UNIX because socketpair would otherwise create (and autoload modules for) any family past the socket filter.",
  },
  {
    names: [
      "ipc",
      "msgget",
      "msgctl",
      "msgsnd",
      "msgrcv",
      "semget",
      "semctl",
      "semop",
      "semtimedop",
      "semtimedop_time64",
      "shmget",
      "shmctl",
      "shmat",
      "shmdt",
      "mq_open",
      "mq_unlink",
      "mq_getsetattr",
      "mq_notify",
      "mq_timedsend",
      "mq_timedsend_time64",
      "mq_timedreceive",
      "mq_timedreceive_time64",
    ],
    action: "SCMP_ACT_ALLOW",
    reason:
      "System V and POSIX IPC used by databases, test suites and fakeroot, confined to the sandbox's own IPC namespace.",
  },
  {
    names: ["getrandom"],
    action: "SCMP_ACT_ALLOW",
    reason: "Kernel randomness for TLS, hashing seeds and key generation.",
  },
  {
    names: ["seccomp", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self"],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Self-sandboxing (browsers, systemd tools, language runtimes) can only add restrictions on top of this filter.",
  },
  {
    names: ["chroot"],
    action: "SCMP_ACT_ALLOW",
    reason:
      "The default profile grants CAP_SYS_CHROOT for build-root tools (debootstrap, pbuilder, dpkg --root); the kernel refuses it without that capability and it cannot leave the sandbox's mount namespace.",
  },
  {
    names: ["modify_ldt"],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Per-process segment descriptors needed by Wine and some 16/32-bit runtimes, allowed by Docker on x86.",
  },
  {
    names: ["ptrace", "process_vm_readv", "process_vm_writev"],
    action: "SCMP_ACT_ALLOW",
    reason:
      "Debuggers, strace, LeakSanitizer and profilers such as py-spy need them; like Docker this assumes kernel >= 4.8 (seccomp re-checks syscalls a tracer rewrites), and the pid and user namespaces with no CAP_SYS_PTRACE leave only the job's own processes as targets.",
  },
  ...allowWhenArg0Equals(
    "personality",
    PERSONALITY_VALUES,
    (value) =>
      `personality(0x${value.toString(16)}) is one of Docker's safe values (Linux, linux32/uname26 emulation, query); ASLR-disabling and READ_IMPLIES_EXEC flags stay denied.`,
  ),
  {
    names: ["clone"],
    action: "SCMP_ACT_ALLOW",
    args: [{ index: 0, op: "SCMP_CMP_MASKED_EQ", value: CLONE_NAMESPACE_FLAGS, valueTwo: 0 }],
    reason:
      "fork and pthread_create go through clone; allowed only without namespace-creating flags, so nested user, mount or network namespaces (the CVE-2022-0492 path) are refused with EPERM.",
  },
  {
    names: ["unshare"],
    action: "SCMP_ACT_ALLOW",
    args: [
      {
        index: 0,
        op: "SCMP_CMP_MASKED_EQ",
        value: CLONE_NAMESPACE_FLAGS | CLONE_NEWTIME,
        valueTwo: 0,
      },
    ],
    reason:
      "unshare of process state (CLONE_FILES, CLONE_FS, CLONE_SYSVSEM) is harmless, while any namespace flag including CLONE_NEWTIME is refused with EPERM (unshare -U/-m/-n/-T fail).",
  },
  {
    names: ["socketcall"],
    action: "SCMP_ACT_ERRNO",
    errno: "ENOSYS",
    reason:
      "On the i386 ABI (reachable from 64-bit code through int 0x80) libseccomp turns the filtered socket/socketpair rules into socketcall rules that allow any family, and only an unconditional entry with an errno other than the default (runc drops those equal to it) overrides them.",
  },
  {
    names: ["clone3"],
    action: "SCMP_ACT_ERRNO",
    errno: "ENOSYS",
    reason:
      "clone3 passes its flags in memory seccomp cannot inspect, so it reports ENOSYS and glibc, Go and musl fall back to clone, where the flags are filtered.",
  },
];

export const seccompDenied: readonly {
  readonly names: readonly string[];
  readonly reason: string;
}[] = [
  {
    names: ["setns"],
    reason:
      "Joining another namespace (nsenter) is how a process reaches the host's or a peer sandbox's view.",
  },
  {
    names: [
      "mount",
      "umount",
      "umount2",
      "fsopen",
      "fsconfig",
      "fsmount",
      "fspick",
      "open_tree",
      "open_tree_attr",
      "move_mount",
      "mount_setattr",
      "pivot_root",
    ],
    reason:
      "Mounting (cgroup v1 release_agent, procfs/sysfs remounts, bind mounts, new mount API) is the classic container escape and filesystem-driver attack surface.",
  },
  {
    names: ["keyctl", "add_key", "request_key"],
    reason:
      "The kernel keyring is not namespaced, so keys can leak between sandboxes and to the host.",
  },
  {
    names: ["bpf"],
    reason:
      "eBPF programs and maps are a large kernel attack surface and can observe the whole host.",
  },
  {
    names: ["userfaultfd"],
    reason:
      "userfaultfd lets an exploit pause the kernel at a chosen page fault to win use-after-free races.",
  },
  {
    names: ["perf_event_open"],
    reason:
      "Performance counters leak host-wide activity and have a long history of kernel exploits.",
  },
  {
    names: ["init_module", "finit_module", "delete_module", "create_module"],
    reason: "Loading or removing kernel modules is running code in the host kernel.",
  },
  {
    names: [
      "clock_settime",
      "clock_settime64",
      "clock_adjtime",
      "clock_adjtime64",
      "settimeofday",
      "stime",
      "adjtimex",
    ],
    reason:
      "System clocks are host-wide; adjtimex and clock_adjtime are denied too although their read-only mode is harmless, because the struct argument cannot be filtered and seccomp must stop clock changes even if CAP_SYS_TIME were granted.",
  },
  {
    names: ["open_by_handle_at", "name_to_handle_at"],
    reason:
      "File handles bypass path lookup and let a process open host files outside its mount tree (the shocker escape).",
  },
  {
    names: ["kexec_load", "kexec_file_load", "reboot"],
    reason: "Replacing or restarting the running kernel affects the whole host.",
  },
  {
    names: ["swapon", "swapoff"],
    reason:
      "Swap configuration is host-wide and would let a job escape its memory limit accounting.",
  },
  {
    names: ["acct", "quotactl", "quotactl_fd", "lookup_dcookie"],
    reason:
      "Process accounting, disk quotas and profiling cookies are host-wide administration interfaces.",
  },
  {
    names: ["vm86", "vm86old"],
    reason:
      "Virtual 8086 mode is an obsolete, rarely exercised kernel path with a record of vulnerabilities.",
  },
  {
    names: ["iopl", "ioperm"],
    reason: "Raw I/O port access talks to host hardware directly.",
  },
  {
    names: ["syslog"],
    reason:
      "The kernel log (dmesg) is host-wide and leaks kernel addresses and other tenants' activity.",
  },
  {
    names: ["io_uring_setup", "io_uring_enter", "io_uring_register"],
    reason:
      "io_uring runs requests in kernel workers beyond seccomp's view and is a major source of kernel exploits; it must fail with EPERM (never kill) because Node and libuv probe it and fall back.",
  },
  {
    names: ["socketcall"],
    reason:
      "The i386 socket multiplexer hides the address family in memory, so it would bypass the socket family filter (Docker's AF_VSOCK block included); it is answered with ENOSYS by an explicit entry and 32-bit code must use the direct socket syscalls.",
  },
  {
    names: ["fanotify_init", "fanotify_mark"],
    reason:
      "fanotify can watch whole mounts and filesystems; Docker grants it only with CAP_SYS_ADMIN.",
  },
];
