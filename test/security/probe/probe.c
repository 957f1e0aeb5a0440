/*
 * airlock escape-battery probe: runs the container probes of docs/escape-battery.md from
 * inside a sandbox and prints one JSON line per step:
 *   {"id":"keyctl","step":"add_key","ret":-1,"errno":"EPERM","detail":"..."}
 * `errno` is null when the step succeeded (ret >= 0). Every argument is harmless even when
 * the step succeeds: the same binary also runs in a deliberately weak sandbox (real host
 * root, every capability, no seccomp, host pid namespace). Opening a sysctl or trigger for
 * writing is the probe; nothing is written to the host except values read back unchanged.
 *
 * usage: probe [--host-pid=N] [id...]          container probes (none given = all)
 *        probe --fork-bomb COUNT SLEEP_S      resource probes (bounded, see each mode)
 *        probe --memory-bomb MAX_MIB
 *        probe --disk-fill DIR MAX_MIB
 *        probe --cpu-hog THREADS
 * Built with: gcc -O2 -static -pthread -o probe probe.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static char tmpdir[256];   /* private scratch dir inside the sandbox's writable root */
static char mntdir[300];   /* tmpdir/mnt: mount target for mount probes */
static long host_pid = -1; /* a host process the test started (ptrace target) */
static char initial_fds[1024];

/* True when the host process the test started is visible: we share the host pid namespace,
 * so pid 1 is the host's init and is left alone. */
static int host_pid_visible(void) {
  char path[64];
  struct stat st;
  if (host_pid <= 0) return 0;
  snprintf(path, sizeof path, "/proc/%ld", host_pid);
  return stat(path, &st) == 0;
}

/* Whose namespaces and cwd the probes look at: the sandbox's pid 1, or the test's host process. */
static long target_pid(void) { return host_pid_visible() ? host_pid : 1; }
static int initial_fd_count;

/* ---------- output ---------- */

static void json_str(char *out, size_t cap, const char *s) {
  size_t n = 0;
  if (n + 1 < cap) out[n++] = '"';
  for (; s && *s && n + 7 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      out[n++] = '\\';
      out[n++] = (char)c;
    } else if (c < 0x20 || c >= 0x7f) {
      n += (size_t)snprintf(out + n, cap - n, "\\u%04x", c);
    } else {
      out[n++] = (char)c;
    }
  }
  if (n + 1 < cap) out[n++] = '"';
  out[n] = 0;
}

static const char *errname(int e) {
  if (e == 0) return NULL;
  const char *n = strerrorname_np(e);
  static char buf[32];
  if (n) return n;
  snprintf(buf, sizeof buf, "E%d", e);
  return buf;
}

/* One JSON line, written with a single write(2) so forked children never interleave. */
static void emit_raw(const char *id, const char *step, long ret, const char *err, const char *detail) {
  char sid[128], sstep[256], serr[64], sdet[2400], line[3000];
  json_str(sid, sizeof sid, id);
  json_str(sstep, sizeof sstep, step);
  if (err) json_str(serr, sizeof serr, err); else strcpy(serr, "null");
  int n;
  if (detail) {
    json_str(sdet, sizeof sdet, detail);
    n = snprintf(line, sizeof line, "{\"id\":%s,\"step\":%s,\"ret\":%ld,\"errno\":%s,\"detail\":%s}\n", sid, sstep, ret, serr, sdet);
  } else {
    n = snprintf(line, sizeof line, "{\"id\":%s,\"step\":%s,\"ret\":%ld,\"errno\":%s}\n", sid, sstep, ret, serr);
  }
  if (n > (int)sizeof line - 1) n = (int)sizeof line - 1;
  ssize_t w = write(1, line, (size_t)n);
  (void)w;
}

/* ret < 0 means failure with errno e; ret >= 0 success. */
static void emit(const char *id, const char *step, long ret, int e, const char *detail) {
  emit_raw(id, step, ret < 0 ? -1 : ret, ret < 0 ? (errname(e) ? errname(e) : "EUNKNOWN") : NULL, detail);
}

/* Reports a call that returns an fd: closes it and reports 0 on success. */
/* Evaluates the call before reading errno (argument order is unspecified in C). */
#define EMIT_CALL(id, step, call, detail) \
  do {                                    \
    long r_ = (long)(call);               \
    int e_ = errno;                       \
    emit(id, step, r_, e_, detail);       \
  } while (0)

static void emit_fd(const char *id, const char *step, int fd, const char *detail) {
  int e = errno;
  if (fd >= 0) close(fd);
  emit(id, step, fd < 0 ? -1 : 0, e, detail);
}

/* Opens and closes at once. An open that succeeds on a masked path (a bind of /dev/null or
 * an empty tmpfs) is reported with detail "masked:<path>". */
static void emit_open(const char *id, const char *step, const char *path, int flags) {
  int fd = open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  int e = errno;
  struct stat st;
  char detail[600];
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3)
    snprintf(detail, sizeof detail, "masked:%s", path);
  else
    snprintf(detail, sizeof detail, "%s", path);
  errno = e;
  emit_fd(id, step, fd, detail);
}

/* Runs fn in a forked child (so namespace changes and tracing never touch the probe
 * itself). The child exits 0 on success or with errno; a signal is reported as SIG<n>. */
static void emit_child(const char *id, const char *step, int (*fn)(void *), void *arg, const char *detail) {
  pid_t pid = fork();
  if (pid < 0) {
    emit(id, step, -1, errno, "fork failed");
    return;
  }
  if (pid == 0) {
    errno = 0;
    int r = fn(arg);
    _exit(r < 0 ? (errno ? errno : 255) : 0);
  }
  int st = 0;
  while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(st)) {
    char sig[32];
    snprintf(sig, sizeof sig, "SIG%d", WTERMSIG(st));
    emit_raw(id, step, -1, sig, detail);
  } else {
    int code = WEXITSTATUS(st);
    emit(id, step, code == 0 ? 0 : -1, code, detail);
  }
}

static long read_file(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  size_t n = 0;
  while (n + 1 < cap) {
    ssize_t r = read(fd, buf + n, cap - 1 - n);
    if (r < 0) {
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  buf[n] = 0;
  close(fd);
  return (long)n;
}

/* Reads up to cap bytes and reports how many: a masked file (bound to /dev/null) reads 0. */
static void emit_read_size(const char *id, const char *step, const char *path) {
  static char buf[65536];
  long n = read_file(path, buf, sizeof buf);
  emit(id, step, n, errno, path);
}

static void make_mntdir(void) { mkdir(mntdir, 0700); }

/* ---------- probes ---------- */

static int do_unshare(void *flags) { return unshare((int)(intptr_t)flags); }

static void probe_fd_leak(const char *id) {
  emit_raw(id, "fds", initial_fd_count, NULL, initial_fds);
  char buf[1024];
  ssize_t n = readlink("/proc/self/cwd", buf, sizeof buf - 1);
  if (n >= 0) buf[n] = 0;
  emit(id, "cwd", n < 0 ? -1 : 0, errno, n < 0 ? NULL : buf);
  static const char *const links[][2] = {{"init-cwd", "cwd"}, {"init-root", "root"}};
  for (size_t i = 0; i < 2; i++) {
    char path[64];
    if (host_pid_visible()) {
      emit_raw(id, links[i][0], -1, "EHOSTPIDNS", "host pid namespace: pid 1 is the host's init, not touched");
      continue;
    }
    snprintf(path, sizeof path, "/proc/1/%s", links[i][1]);
    n = readlink(path, buf, sizeof buf - 1);
    int e = errno;
    if (n >= 0) buf[n] = 0;
    emit(id, links[i][0], n < 0 ? -1 : 0, e, n < 0 ? path : buf);
  }
}

static void probe_cgroup_release_agent(const char *id) {
  make_mntdir();
  int r = mount("cgroup", mntdir, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, "memory");
  emit(id, "mount-memory", r, errno, "mount -t cgroup -o memory");
  /* release_agent anywhere we can see it: the fresh mount or the sandbox's /sys/fs/cgroup */
  char found[600] = "", path[600];
  int count = 0;
  if (r == 0) {
    snprintf(path, sizeof path, "%s/release_agent", mntdir);
    if (access(path, F_OK) == 0) {
      count++;
      snprintf(found, sizeof found, "%s", path);
    }
  }
  DIR *d = opendir("/sys/fs/cgroup");
  struct dirent *de;
  char procs[600] = "";
  while (d && (de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "/sys/fs/cgroup/%s/release_agent", de->d_name);
    if (access(path, F_OK) == 0) {
      count++;
      if (!found[0]) snprintf(found, sizeof found, "%s", path);
    }
    snprintf(path, sizeof path, "/sys/fs/cgroup/%s/cgroup.procs", de->d_name);
    if (!procs[0] && access(path, F_OK) == 0) snprintf(procs, sizeof procs, "%s", path);
  }
  if (d) closedir(d);
  if (access("/sys/fs/cgroup/release_agent", F_OK) == 0) {
    count++;
    if (!found[0]) snprintf(found, sizeof found, "/sys/fs/cgroup/release_agent");
  }
  emit_raw(id, "release_agent-visible", count, NULL, found);
  if (found[0]) {
    emit_open(id, "release_agent-open", found, O_WRONLY); /* opened, never written */
  } else {
    emit(id, "release_agent-open", -1, ENOENT, "no release_agent visible");
  }
  if (!procs[0] && access("/sys/fs/cgroup/cgroup.procs", F_OK) == 0) snprintf(procs, sizeof procs, "/sys/fs/cgroup/cgroup.procs");
  if (procs[0]) emit_open(id, "cgroup.procs-open", procs, O_WRONLY);
  else emit(id, "cgroup.procs-open", -1, ENOENT, "no cgroup.procs visible");
  if (r == 0) umount2(mntdir, MNT_DETACH);
}

static int write_str(const char *path, const char *s) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t w = write(fd, s, strlen(s));
  int e = errno;
  close(fd);
  errno = e;
  return w < 0 ? -1 : 0;
}

/* CVE-2022-0492 path: new user+mount+cgroup namespaces, then a cgroup v1 mount. */
static void probe_userns_cgroup(const char *id) {
  make_mntdir();
  pid_t pid = fork();
  if (pid == 0) {
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP) < 0) {
      emit(id, "unshare-user-mnt-cgroup", -1, errno, NULL);
      _exit(0);
    }
    emit(id, "unshare-user-mnt-cgroup", 0, 0, NULL);
    char map[64];
    snprintf(map, sizeof map, "0 %u 1", uid);
    write_str("/proc/self/uid_map", map);
    write_str("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "0 %u 1", gid);
    write_str("/proc/self/gid_map", map);
    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    int r = mount("cgroup", mntdir, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, "none,name=airlockprobe");
    emit(id, "mount-cgroup", r, errno, "none,name=airlockprobe");
    if (r == 0) {
      char path[600];
      snprintf(path, sizeof path, "%s/release_agent", mntdir);
      emit(id, "release_agent-visible", access(path, F_OK) == 0 ? 1 : 0, 0, NULL);
      umount2(mntdir, MNT_DETACH);
    }
    _exit(0);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
}

/* A block device node for `dev` under `dir` (the weak sandbox sees the host's /dev). */
static int find_blockdev(const char *dir, dev_t dev, int depth, char *out, size_t cap) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  struct dirent *de;
  char p[512];
  struct stat st;
  int found = -1;
  while (found < 0 && (de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
    if (lstat(p, &st) < 0) continue;
    if (S_ISBLK(st.st_mode) && st.st_rdev == dev) {
      snprintf(out, cap, "%s", p);
      found = 0;
    } else if (S_ISDIR(st.st_mode) && depth > 0) {
      found = find_blockdev(p, dev, depth - 1, out, cap);
    }
  }
  closedir(d);
  return found;
}

static int count_blockdevs(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  int n = 0;
  struct dirent *de;
  char p[512];
  struct stat st;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
    if (lstat(p, &st) < 0) continue;
    if (S_ISBLK(st.st_mode)) n++;
    else if (S_ISDIR(st.st_mode) && depth > 0) n += count_blockdevs(p, depth - 1);
  }
  closedir(d);
  return n;
}

/* The fs type of the mount whose device is maj:min, from /proc/self/mountinfo. */
static int fstype_of(unsigned maj, unsigned min, char *out, size_t cap) {
  static char buf[65536];
  if (read_file("/proc/self/mountinfo", buf, sizeof buf) < 0) return -1;
  char want[32];
  snprintf(want, sizeof want, " %u:%u ", maj, min);
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    if (!strstr(line, want)) continue;
    char *sep = strstr(line, " - ");
    if (!sep) continue;
    sscanf(sep + 3, "%63s", out);
    (void)cap;
    return 0;
  }
  return -1;
}

static void probe_block_device(const char *id) {
  emit_raw(id, "dev-nodes", count_blockdevs("/dev", 2), NULL, "block device nodes under /dev");
  /* The host disk: the device holding the probe's own bind mount, else the first real disk. */
  struct stat st;
  unsigned maj = 0, min = 0;
  if (stat("/probe", &st) == 0 && major(st.st_dev) != 0) {
    maj = major(st.st_dev);
    min = minor(st.st_dev);
  } else {
    DIR *d = opendir("/sys/dev/block");
    struct dirent *de;
    while (d && (de = readdir(d))) {
      unsigned a, b;
      if (sscanf(de->d_name, "%u:%u", &a, &b) == 2 && a != 7 && a != 1 && a != 253) {
        maj = a;
        min = b;
        break;
      }
    }
    if (d) closedir(d);
  }
  char node[512], detail[128], fstype[64] = "ext4";
  snprintf(node, sizeof node, "%s/probe-blk", tmpdir);
  fstype_of(maj, min, fstype, sizeof fstype);
  snprintf(detail, sizeof detail, "%u:%u %s", maj, min, fstype);
  if (maj == 0) {
    emit(id, "mknod", -1, ENODEV, "no host block device found");
    return;
  }
  int r = mknod(node, S_IFBLK | 0600, makedev(maj, min));
  emit(id, "mknod", r, errno, detail);
  /* Open and mount through an existing node when /dev has one (the rootfs may be nodev). */
  char devnode[512];
  if (find_blockdev("/dev", makedev(maj, min), 2, devnode, sizeof devnode) == 0) {
    unlink(node);
    snprintf(node, sizeof node, "%s", devnode);
  }
  emit_open(id, "open-node", node, O_RDONLY);
  make_mntdir();
  /* Read-only attempt only: the host has it mounted read-write, so a success is EBUSY. */
  r = mount(node, mntdir, fstype, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  emit(id, "mount-ro", r, errno, detail);
  if (r == 0) umount2(mntdir, MNT_DETACH);
  if (strncmp(node, "/dev/", 5) != 0) unlink(node);
}

static void probe_proc_sys_write(const char *id) {
  emit_open(id, "drop_caches-open", "/proc/sys/vm/drop_caches", O_WRONLY); /* never written */
  emit_open(id, "swappiness-open", "/proc/sys/vm/swappiness", O_WRONLY);
  /* A real write, of the value just read, to a sysctl of the sandbox's own UTS namespace. */
  char val[256];
  long n = read_file("/proc/sys/kernel/domainname", val, sizeof val);
  if (n < 0) {
    emit(id, "domainname-writeback", -1, errno, "read failed");
    return;
  }
  int r = write_str("/proc/sys/kernel/domainname", val);
  emit(id, "domainname-writeback", r, errno, NULL);
}

static void probe_sysrq(const char *id) { emit_open(id, "sysrq-trigger-open", "/proc/sysrq-trigger", O_WRONLY); }

static void probe_core_pattern(const char *id) {
  char val[256];
  long n = read_file("/proc/sys/kernel/core_pattern", val, sizeof val);
  if (n > 0 && val[n - 1] == '\n') val[n - 1] = 0;
  emit(id, "read", n, errno, n >= 0 ? val : NULL);
  emit_open(id, "open-write", "/proc/sys/kernel/core_pattern", O_WRONLY); /* never written */
}

static void probe_helpers(const char *id) {
  emit_open(id, "modprobe-open", "/proc/sys/kernel/modprobe", O_WRONLY);
  emit_open(id, "uevent_helper-open", "/sys/kernel/uevent_helper", O_WRONLY);
  emit_open(id, "binfmt_misc-register-open", "/proc/sys/fs/binfmt_misc/register", O_WRONLY);
  make_mntdir();
  int r = mount("binfmt_misc", mntdir, "binfmt_misc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  emit(id, "binfmt_misc-mount", r, errno, NULL);
  if (r == 0) {
    char path[600];
    snprintf(path, sizeof path, "%s/register", mntdir);
    emit_open(id, "binfmt_misc-mounted-register-open", path, O_WRONLY); /* never written */
    umount2(mntdir, MNT_DETACH);
  }
}

static int count_pids(void) {
  DIR *d = opendir("/proc");
  int n = 0;
  struct dirent *de;
  while (d && (de = readdir(d)))
    if (de->d_name[0] >= '1' && de->d_name[0] <= '9') n++;
  if (d) closedir(d);
  return n;
}

static void probe_host_ptrace(const char *id) {
  emit_raw(id, "visible-pids", count_pids(), NULL, NULL);
  if (host_pid <= 0) {
    emit_raw(id, "host-pid-visible", -1, "ENOARG", "no --host-pid given");
    return;
  }
  char path[64], detail[64];
  snprintf(path, sizeof path, "/proc/%ld", host_pid);
  snprintf(detail, sizeof detail, "pid %ld", host_pid);
  struct stat st;
  EMIT_CALL(id, "host-pid-visible", stat(path, &st), detail);
  /* Seize, stop, detach at once: the target keeps sleeping. */
  long r = ptrace(PTRACE_SEIZE, (pid_t)host_pid, 0, 0);
  int e = errno;
  if (r == 0) {
    if (ptrace(PTRACE_INTERRUPT, (pid_t)host_pid, 0, 0) == 0) waitpid((pid_t)host_pid, NULL, __WALL);
    ptrace(PTRACE_DETACH, (pid_t)host_pid, 0, 0);
  }
  emit(id, "ptrace-seize", r, e, detail);
  /* airlock's sandbox-init (pid 1) holds the control socket; a job that could trace it could
   * forge what airlock sees. It is not dumpable, so even the sandbox's root cannot. */
  if (target_pid() != 1) {
    emit_raw(id, "ptrace-init", -1, "EHOSTPIDNS", "host pid namespace: pid 1 is the host's init, not touched");
    return;
  }
  r = ptrace(PTRACE_SEIZE, 1, 0, 0);
  e = errno;
  if (r == 0) ptrace(PTRACE_DETACH, 1, 0, 0);
  emit(id, "ptrace-init", r, e, "pid 1 (sandbox-init)");
}

static void probe_shocker(const char *id) {
  struct {
    struct file_handle fh;
    unsigned char bytes[128];
  } h;
  memset(&h, 0, sizeof h);
  const char *base = access("/probe", F_OK) == 0 ? "/probe" : "/";
  h.fh.handle_bytes = 128;
  int mount_id = 0;
  int r = name_to_handle_at(AT_FDCWD, base, &h.fh, &mount_id, 0);
  emit(id, "name_to_handle_at", r, errno, base);
  if (r < 0) {
    h.fh.handle_bytes = 8; /* a well-formed but meaningless handle still reaches the check */
    h.fh.handle_type = 1;
  }
  int mfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int fd = open_by_handle_at(mfd, &h.fh, O_RDONLY | O_CLOEXEC);
  emit_fd(id, "open_by_handle_at", fd, base);
  /* The classic escape: ext4 inode 2 is the root of the filesystem behind the mount fd. */
  struct {
    struct file_handle fh;
    uint32_t ino, gen;
  } root = {{8, 1}, 2, 0};
  fd = open_by_handle_at(mfd, &root.fh, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  emit_fd(id, "open_by_handle_at-fs-root", fd, "ino 2 of the filesystem behind the mount fd");
  if (mfd >= 0) close(mfd);
}

static void probe_mount(const char *id) {
  make_mntdir();
  int r = mount("tmpfs", mntdir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m");
  emit(id, "tmpfs", r, errno, NULL);
  struct mount_attr attr = {.attr_set = MOUNT_ATTR_NOSUID};
  int s = (int)syscall(SYS_mount_setattr, AT_FDCWD, mntdir, 0, &attr, sizeof attr);
  emit(id, "mount_setattr", s, errno, "nosuid on the probe's scratch mount");
  if (r == 0) umount2(mntdir, MNT_DETACH);
  r = mount("proc", mntdir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  emit(id, "proc", r, errno, NULL);
  if (r == 0) umount2(mntdir, MNT_DETACH);
  r = mount("/etc", mntdir, NULL, MS_BIND, NULL);
  emit(id, "bind", r, errno, "/etc");
  if (r == 0) umount2(mntdir, MNT_DETACH);
  int fd = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
  emit_fd(id, "fsopen", fd, "tmpfs");
  int tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/etc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  int e = errno;
  emit(id, "open_tree", tree < 0 ? -1 : 0, e, "clone of /etc");
  if (tree < 0) tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/etc", OPEN_TREE_CLOEXEC); /* a plain path fd */
  r = (int)syscall(SYS_move_mount, tree, "", AT_FDCWD, mntdir, MOVE_MOUNT_F_EMPTY_PATH);
  emit(id, "move_mount", r, errno, NULL);
  if (r == 0) umount2(mntdir, MNT_DETACH);
  if (tree >= 0) close(tree);
}

static void probe_module_load(const char *id) {
  long r = syscall(SYS_init_module, NULL, 0UL, ""); /* empty image: ENOEXEC/EFAULT if allowed */
  emit(id, "init_module", r, errno, NULL);
  r = syscall(SYS_finit_module, -1, "", 0); /* bad fd: EBADF if allowed */
  emit(id, "finit_module", r, errno, NULL);
  r = syscall(SYS_delete_module, "airlock_no_such_module", O_NONBLOCK);
  emit(id, "delete_module", r, errno, NULL);
  /* Autoload attempt through a rare socket family; the host's /proc/modules is compared. */
  int fd = socket(AF_APPLETALK, SOCK_DGRAM, 0);
  emit_fd(id, "rare-family-socket", fd, "AF_APPLETALK");
}

static void probe_keyctl(const char *id) {
  /* The process keyring dies with this process; the key is revoked and unlinked anyway. */
  long key = syscall(SYS_add_key, "user", "airlock-probe", "x", 1UL, KEY_SPEC_PROCESS_KEYRING);
  emit(id, "add_key", key, errno, NULL);
  if (key >= 0) {
    syscall(SYS_keyctl, KEYCTL_REVOKE, key);
    syscall(SYS_keyctl, KEYCTL_UNLINK, key, KEY_SPEC_PROCESS_KEYRING);
  }
  long r = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
  emit(id, "keyctl", r < 0 ? -1 : 0, errno, "KEYCTL_GET_KEYRING_ID session");
  r = syscall(SYS_request_key, "user", "airlock-probe-none", NULL, KEY_SPEC_PROCESS_KEYRING);
  emit(id, "request_key", r, errno, "no callout: ENOKEY if allowed");
}

static void probe_bpf(const char *id) {
  union bpf_attr a;
  memset(&a, 0, sizeof a);
  a.map_type = BPF_MAP_TYPE_ARRAY;
  a.key_size = 4;
  a.value_size = 4;
  a.max_entries = 1;
  int fd = (int)syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof a);
  emit_fd(id, "map_create", fd, "array 1x4");
  struct bpf_insn prog[] = {
      {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
      {.code = BPF_JMP | BPF_EXIT},
  };
  memset(&a, 0, sizeof a);
  a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  a.insns = (uint64_t)(uintptr_t)prog;
  a.insn_cnt = 2;
  a.license = (uint64_t)(uintptr_t) "GPL";
  fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a);
  emit_fd(id, "prog_load", fd, "socket filter: return 0");
}

static void probe_userfaultfd(const char *id) {
  int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  emit_fd(id, "userfaultfd", fd, NULL);
}

static void probe_perf(const char *id) {
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.type = PERF_TYPE_SOFTWARE;
  a.size = sizeof a;
  a.config = PERF_COUNT_SW_TASK_CLOCK;
  a.disabled = 1;
  a.exclude_kernel = 1;
  a.exclude_hv = 1;
  int fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0UL);
  emit_fd(id, "perf_event_open", fd, "software task clock on self");
}

static void probe_io_uring(const char *id) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  int fd = (int)syscall(SYS_io_uring_setup, 1, &p);
  emit_fd(id, "io_uring_setup", fd, NULL);
}

static int child_clone_flags(void *flags) {
  long pid = syscall(SYS_clone, (unsigned long)(intptr_t)flags | SIGCHLD, 0UL, NULL, NULL, 0UL);
  if (pid == 0) _exit(0);
  if (pid < 0) return -1;
  waitpid((pid_t)pid, NULL, 0);
  return 0;
}

static int child_clone3(void *unused) {
  (void)unused;
  struct {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  } args = {0, 0, 0, 0, SIGCHLD, 0, 0, 0};
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid == 0) _exit(0);
  if (pid < 0) return -1;
  waitpid((pid_t)pid, NULL, 0);
  return 0;
}

static void probe_nested_userns(const char *id) {
  emit_child(id, "unshare-user", do_unshare, (void *)(intptr_t)CLONE_NEWUSER, NULL);
  emit_child(id, "clone-newuser", child_clone_flags, (void *)(intptr_t)CLONE_NEWUSER, NULL);
  emit_child(id, "clone3", child_clone3, NULL, "flags 0");
}

/* The namespaces to join: the target's, or (hardened: pid 1 is airlock's non-dumpable
 * sandbox-init, whose /proc entries are closed) the probe's own, which still exercises the
 * setns filter. */
static void setns_path(char *path, size_t size, const char *ns) {
  if (target_pid() == 1) snprintf(path, size, "/proc/self/ns/%s", ns);
  else snprintf(path, size, "/proc/%ld/ns/%s", target_pid(), ns);
}

static int child_setns(void *ns) {
  char path[64];
  setns_path(path, sizeof path, (const char *)ns);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  return setns(fd, 0);
}

static void probe_other_ns(const char *id) {
  emit_child(id, "unshare-net", do_unshare, (void *)(intptr_t)CLONE_NEWNET, NULL);
  emit_child(id, "unshare-mnt", do_unshare, (void *)(intptr_t)CLONE_NEWNS, NULL);
  emit_child(id, "clone-newns", child_clone_flags, (void *)(intptr_t)CLONE_NEWNS, NULL);
  emit_child(id, "clone-newnet", child_clone_flags, (void *)(intptr_t)CLONE_NEWNET, NULL);
  static const char *const nss[] = {"net", "mnt", "uts", "ipc", "pid", "cgroup"};
  for (size_t i = 0; i < sizeof nss / sizeof nss[0]; i++) {
    char step[32];
    snprintf(step, sizeof step, "setns-%s", nss[i]);
    char detail[64];
    setns_path(detail, sizeof detail, nss[i]);
    emit_child(id, step, child_setns, (void *)nss[i], detail);
  }
}

static void probe_raw_socket(const char *id) {
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(0x0003 /* ETH_P_ALL */));
  emit_fd(id, "af_packet", fd, NULL);
  fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
  emit_fd(id, "raw-icmp", fd, NULL);
}

/* ---- netlink (rtnetlink requests with an ack) ---- */

struct nlreq {
  struct nlmsghdr nh;
  char buf[1024];
};

static void nl_attr(struct nlreq *r, unsigned short type, const void *data, size_t len) {
  struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));
  a->rta_type = type;
  a->rta_len = (unsigned short)RTA_LENGTH(len);
  if (len) memcpy(RTA_DATA(a), data, len);
  r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

static struct rtattr *nl_nest(struct nlreq *r, unsigned short type) {
  struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));
  nl_attr(r, type, NULL, 0);
  return a;
}

static void nl_end(struct nlreq *r, struct rtattr *nest) {
  nest->rta_len = (unsigned short)((char *)r + r->nh.nlmsg_len - (char *)nest);
}

/* Sends one request and returns 0 or -1 with errno from the kernel's ack. */
static int nl_talk(struct nlreq *r) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return -1;
  r->nh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  r->nh.nlmsg_seq = 1;
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
  if (sendto(fd, r, r->nh.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  char buf[4096];
  ssize_t n = recv(fd, buf, sizeof buf, 0);
  int e = errno;
  close(fd);
  if (n < 0) {
    errno = e;
    return -1;
  }
  struct nlmsghdr *h = (struct nlmsghdr *)buf;
  if (h->nlmsg_type == NLMSG_ERROR) {
    struct nlmsgerr *err = NLMSG_DATA(h);
    if (err->error) {
      errno = -err->error;
      return -1;
    }
  }
  return 0;
}

static int nl_link(int type, int flags, const char *kind) {
  struct nlreq r;
  memset(&r, 0, sizeof r);
  r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
  r.nh.nlmsg_type = (unsigned short)type;
  r.nh.nlmsg_flags = (unsigned short)flags;
  struct ifinfomsg *ifi = NLMSG_DATA(&r.nh);
  ifi->ifi_family = AF_UNSPEC;
  nl_attr(&r, IFLA_IFNAME, "airlockprobe0", sizeof "airlockprobe0");
  if (kind) {
    struct rtattr *li = nl_nest(&r, IFLA_LINKINFO);
    nl_attr(&r, IFLA_INFO_KIND, kind, strlen(kind));
    nl_end(&r, li);
  }
  return nl_talk(&r);
}

static int nl_addr(int type, int flags) {
  struct nlreq r;
  memset(&r, 0, sizeof r);
  r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
  r.nh.nlmsg_type = (unsigned short)type;
  r.nh.nlmsg_flags = (unsigned short)flags;
  struct ifaddrmsg *ifa = NLMSG_DATA(&r.nh);
  ifa->ifa_family = AF_INET;
  ifa->ifa_prefixlen = 32;
  ifa->ifa_index = if_nametoindex("lo");
  unsigned char addr[4] = {192, 0, 2, 1}; /* TEST-NET-1 */
  nl_attr(&r, IFA_LOCAL, addr, 4);
  nl_attr(&r, IFA_ADDRESS, addr, 4);
  return nl_talk(&r);
}

static int nl_route(int type, int flags) {
  struct nlreq r;
  memset(&r, 0, sizeof r);
  r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
  r.nh.nlmsg_type = (unsigned short)type;
  r.nh.nlmsg_flags = (unsigned short)flags;
  struct rtmsg *rt = NLMSG_DATA(&r.nh);
  rt->rtm_family = AF_INET;
  rt->rtm_dst_len = 24;
  rt->rtm_table = RT_TABLE_MAIN;
  rt->rtm_protocol = RTPROT_STATIC;
  rt->rtm_scope = RT_SCOPE_UNIVERSE;
  rt->rtm_type = RTN_BLACKHOLE;
  unsigned char dst[4] = {198, 51, 100, 0}; /* TEST-NET-2 */
  nl_attr(&r, RTA_DST, dst, 4);
  return nl_talk(&r);
}

static void probe_net_config(const char *id) {
  const char *kind = "dummy";
  int r = nl_link(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, kind);
  if (r < 0 && errno == EOPNOTSUPP) { /* kernel without dummy: a bridge is as harmless */
    kind = "bridge";
    r = nl_link(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, kind);
  }
  emit(id, "newlink", r, errno, kind);
  if (r == 0) nl_link(RTM_DELLINK, 0, NULL);
  r = nl_addr(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  emit(id, "newaddr", r, errno, "192.0.2.1/32 on lo");
  if (r == 0) nl_addr(RTM_DELADDR, 0);
  r = nl_route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  emit(id, "newroute", r, errno, "blackhole 198.51.100.0/24");
  if (r == 0) nl_route(RTM_DELROUTE, 0);
}

static void probe_rootfs_write(const char *id) {
  const char *path = "/usr/bin/airlock-probe-write";
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int e = errno;
  if (fd >= 0) {
    ssize_t w = write(fd, "airlock probe\n", 14);
    e = errno;
    close(fd);
    if (w < 0) fd = -1;
  }
  emit(id, "usr-bin", fd < 0 ? -1 : 0, e, path);
}

/* A directory where a setuid copy of this probe can live: on a mount without nosuid if
 * there is one, else a fresh tmpfs (only a sandbox with CAP_SYS_ADMIN can make one), else
 * /tmp as it is. Sets *mounted when it mounted a tmpfs; `how` says which. */
static int suid_dir(char *out, size_t cap, int *mounted, const char **how) {
  static const char *const bases[] = {"/var/tmp", "/tmp", "/root", "/"};
  *mounted = 0;
  for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
    struct statvfs sv;
    if (statvfs(bases[i], &sv) < 0 || (sv.f_flag & ST_NOSUID)) continue;
    snprintf(out, cap, "%s/airlock-suid-XXXXXX", strcmp(bases[i], "/") ? bases[i] : "");
    if (mkdtemp(out) && chmod(out, 0755) == 0) {
      *how = "a mount without nosuid";
      return 0;
    }
  }
  snprintf(out, cap, "/tmp/airlock-suid-XXXXXX");
  if (!mkdtemp(out) || chmod(out, 0755) < 0) return -1;
  if (mount("tmpfs", out, "tmpfs", MS_NODEV, "mode=755,size=8m") == 0) {
    *mounted = 1;
    *how = "a tmpfs without nosuid";
  } else {
    *how = "/tmp (nosuid)";
  }
  return 0;
}

static int copy_self(const char *dst, mode_t mode) {
  int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0700);
  if (in < 0 || out < 0) return -1;
  char buf[65536];
  ssize_t n;
  while ((n = read(in, buf, sizeof buf)) > 0)
    if (write(out, buf, (size_t)n) != n) return -1;
  close(in);
  close(out);
  if (chown(dst, 0, 0) < 0) return -1;
  return chmod(dst, mode);
}

/* Execs `path --setuid-helper STEP` as nobody; the helper prints its own line. */
static void exec_as_nobody(const char *id, const char *step, const char *path) {
  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0) {
      emit(id, step, -1, errno, "dropping to 65534 failed");
      _exit(0);
    }
    char *argv[] = {(char *)path, "--setuid-helper", (char *)step, NULL};
    execv(path, argv);
    emit(id, step, -1, errno, "exec failed");
    _exit(0);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
}

static void probe_setuid(const char *id) {
  EMIT_CALL(id, "no_new_privs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), NULL);
  char dir[256], suid[300], fcap[300];
  int mounted = 0;
  const char *how = "";
  if (suid_dir(dir, sizeof dir, &mounted, &how) < 0) {
    emit(id, "setuid-exec", -1, errno, "no writable directory");
    return;
  }
  emit_raw(id, "suid-dir", mounted, NULL, how);
  snprintf(suid, sizeof suid, "%s/su-probe", dir);
  snprintf(fcap, sizeof fcap, "%s/cap-probe", dir);
  if (copy_self(suid, 04755) < 0) emit(id, "setuid-exec", -1, errno, "setuid copy failed");
  else exec_as_nobody(id, "setuid-exec", suid);
  /* cap_setuid+ep as a v2 file capability (the kernel stores v3 inside a user namespace) */
  struct {
    uint32_t magic_etc;
    struct {
      uint32_t permitted, inheritable;
    } data[2];
  } cap = {0x02000000 | 0x000001 /* VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE */, {{1u << 7 /* CAP_SETUID */, 0}, {0, 0}}};
  if (copy_self(fcap, 0755) < 0) emit(id, "filecap-setuid0", -1, errno, "copy failed");
  else if (setxattr(fcap, "security.capability", &cap, sizeof cap, 0) < 0)
    emit(id, "filecap-setuid0", -1, errno, "setxattr security.capability failed");
  else exec_as_nobody(id, "filecap-setuid0", fcap);
  unlink(suid);
  unlink(fcap);
  if (mounted) umount2(dir, MNT_DETACH);
  rmdir(dir);
}

/* Runs after exec as nobody: reports what the exec gained. */
static int setuid_helper(const char *step) {
  if (strcmp(step, "setuid-exec") == 0) {
    emit_raw("setuid", step, (long)geteuid(), NULL, "euid after exec as 65534");
  } else {
    int r = setuid(0);
    emit("setuid", step, r, errno, "setuid(0) after exec as 65534");
  }
  return 0;
}

static void probe_devices(const char *id) {
  static const struct {
    const char *name, *path, *sys;
    unsigned maj, min;
  } devs[] = {
      {"kvm", "/dev/kvm", "/sys/class/misc/kvm/dev", 10, 232},
      {"mem", "/dev/mem", "/sys/class/mem/mem/dev", 1, 1},
      {"kmsg", "/dev/kmsg", "/sys/class/mem/kmsg/dev", 1, 11},
      {"tun", "/dev/net/tun", "/sys/class/misc/tun/dev", 10, 200},
      {"fuse", "/dev/fuse", "/sys/class/misc/fuse/dev", 10, 229},
      {"loop-control", "/dev/loop-control", "/sys/class/misc/loop-control/dev", 10, 237},
  };
  for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
    char step[64], node[400], buf[32];
    emit_open(id, devs[i].name, devs[i].path, O_RDONLY); /* opened and closed, nothing else */
    unsigned maj = devs[i].maj, min = devs[i].min;
    if (read_file(devs[i].sys, buf, sizeof buf) > 0) sscanf(buf, "%u:%u", &maj, &min);
    snprintf(node, sizeof node, "%s/probe-chr-%s", tmpdir, devs[i].name);
    snprintf(step, sizeof step, "mknod-%s", devs[i].name);
    int r = mknod(node, S_IFCHR | 0600, makedev(maj, min));
    emit(id, step, r, errno, NULL);
    snprintf(step, sizeof step, "open-node-%s", devs[i].name);
    if (r == 0) emit_open(id, step, node, O_RDONLY);
    else emit(id, step, -1, ENOENT, "no node");
    unlink(node);
  }
  int loops = 0;
  DIR *d = opendir("/dev");
  struct dirent *de;
  while (d && (de = readdir(d)))
    if (strncmp(de->d_name, "loop", 4) == 0) loops++;
  if (d) closedir(d);
  emit_raw(id, "loop-nodes", loops, NULL, "/dev/loop*");
}

static void probe_clock(const char *id) {
  struct timespec bad = {.tv_sec = 0, .tv_nsec = -1}; /* EINVAL when allowed */
  EMIT_CALL(id, "clock_settime", syscall(SYS_clock_settime, CLOCK_REALTIME, &bad), "invalid timespec");
  struct timeval badtv = {.tv_sec = 0, .tv_usec = -1};
  EMIT_CALL(id, "settimeofday", syscall(SYS_settimeofday, &badtv, NULL), "invalid timeval");
  struct timex tx;
  memset(&tx, 0, sizeof tx);
  tx.modes = ADJ_TICK;
  tx.tick = 0; /* out of range: the capability check comes first, then EINVAL */
  EMIT_CALL(id, "adjtimex-tick", adjtimex(&tx), "invalid tick");
  emit_child(id, "unshare-time", do_unshare, (void *)(intptr_t)CLONE_NEWTIME, NULL);
}

static void probe_kernel_info(const char *id) {
  char line[256];
  long n = read_file("/proc/kallsyms", line, 64);
  if (n < 0) {
    emit(id, "kallsyms-addresses", -1, errno, NULL);
  } else {
    int nonzero = 0;
    for (char *p = line; *p && *p != ' '; p++)
      if (*p != '0') nonzero = 1;
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    emit_raw(id, "kallsyms-addresses", n == 0 ? -1 : nonzero, n == 0 ? "EMPTY" : NULL, line);
  }
  emit_read_size(id, "kcore", "/proc/kcore");
  emit_read_size(id, "config.gz", "/proc/config.gz");
  emit_read_size(id, "vmcoreinfo", "/sys/kernel/vmcoreinfo");
  emit_read_size(id, "timer_list", "/proc/timer_list");
  emit_read_size(id, "keys", "/proc/keys");
  emit_read_size(id, "sched_debug", "/proc/sched_debug");
  static char buf[1 << 16];
  int r = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof buf);
  emit(id, "syslog-read-all", r, errno, NULL);
  int entries = 0;
  DIR *d = opendir("/sys/kernel/debug");
  struct dirent *de;
  while (d && (de = readdir(d)))
    if (de->d_name[0] != '.') entries++;
  int e = errno;
  if (d) closedir(d);
  emit(id, "debugfs-entries", d ? entries : -1, e, "/sys/kernel/debug");
}

/* Sockets with a path, found by walking the tree (bounded in depth and time). */
static int walk_sockets(const char *dir, int depth, time_t deadline, char *found, size_t cap) {
  if (depth < 0 || time(NULL) > deadline) return 0;
  DIR *d = opendir(dir);
  if (!d) return 0;
  int n = 0;
  struct dirent *de;
  char p[1024];
  while ((de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    snprintf(p, sizeof p, "%s/%s", strcmp(dir, "/") ? dir : "", de->d_name);
    if (!strcmp(p, "/proc") || !strcmp(p, "/sys")) continue;
    struct stat st;
    if (lstat(p, &st) < 0) continue;
    if (S_ISSOCK(st.st_mode)) {
      n++;
      size_t l = strlen(found);
      if (l + strlen(p) + 2 < cap) snprintf(found + l, cap - l, "%s%s", l ? " " : "", p);
    } else if (S_ISDIR(st.st_mode)) {
      n += walk_sockets(p, depth - 1, deadline, found, cap);
    }
  }
  closedir(d);
  return n;
}

static void probe_runtime_sockets(const char *id) {
  static char buf[1 << 18];
  long n = read_file("/proc/net/unix", buf, sizeof buf);
  if (n < 0) {
    emit(id, "proc-net-unix", -1, errno, NULL);
  } else {
    int total = 0;
    char named[1024] = "";
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
      if (strncmp(line, "Num", 3) == 0) continue;
      total++;
      char *path = NULL;
      /* columns: Num RefCount Protocol Flags Type St Inode [Path] */
      char *tok, *s2 = NULL;
      int col = 0;
      for (tok = strtok_r(line, " ", &s2); tok; tok = strtok_r(NULL, " ", &s2), col++)
        if (col == 7) path = tok;
      if (path) {
        size_t l = strlen(named);
        if (l + strlen(path) + 2 < sizeof named) snprintf(named + l, sizeof named - l, "%s%s", l ? " " : "", path);
      }
    }
    emit_raw(id, "proc-net-unix", total, NULL, named);
  }
  char found[1024] = "";
  int count = walk_sockets("/", 8, time(NULL) + 10, found, sizeof found);
  emit_raw(id, "bound-sockets", count, NULL, found);
}

static void probe_mount_propagation(const char *id) {
  static char buf[1 << 16];
  if (read_file("/proc/self/mountinfo", buf, sizeof buf) < 0) {
    emit(id, "shared", -1, errno, NULL);
    return;
  }
  int shared = 0, binds = 0;
  char shared_at[1024] = "", bind_list[2000] = "";
  char *save = NULL;
  for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    /* id parent maj:min root mountpoint options [optional...] - fstype source superopts */
    char root[512], point[512];
    if (sscanf(line, "%*d %*d %*s %511s %511s", root, point) != 2) continue;
    char *sep = strstr(line, " - ");
    int is_shared = 0;
    for (char *p = strstr(line, " shared:"); p && (!sep || p < sep); p = NULL) is_shared = 1;
    if (is_shared) {
      shared++;
      size_t l = strlen(shared_at);
      if (l + strlen(point) + 2 < sizeof shared_at) snprintf(shared_at + l, sizeof shared_at - l, "%s%s", l ? " " : "", point);
    }
    if (strcmp(root, "/") != 0) {
      binds++;
      size_t l = strlen(bind_list);
      if (l + strlen(root) + strlen(point) + 3 < sizeof bind_list)
        snprintf(bind_list + l, sizeof bind_list - l, "%s%s=%s", l ? " " : "", point, root);
    }
  }
  emit_raw(id, "shared", shared, NULL, shared_at);
  emit_raw(id, "bind-roots", binds, NULL, bind_list);
}

/* ---------- resource probes ---------- */

static int fork_bomb(int count, int sleep_s) {
  static pid_t pids[100000];
  if (count > 100000) count = 100000;
  if (sleep_s > 30) sleep_s = 30;
  int ok = 0, first_err = 0;
  for (int i = 0; i < count; i++) {
    pid_t p = fork();
    if (p == 0) {
      sleep((unsigned)sleep_s);
      _exit(0);
    }
    if (p < 0) {
      if (!first_err) first_err = errno;
      continue;
    }
    pids[ok++] = p;
  }
  char detail[64];
  snprintf(detail, sizeof detail, "%d attempted", count);
  emit_raw("fork-bomb", "fork", ok, errname(first_err), detail);
  for (int i = 0; i < ok; i++) kill(pids[i], SIGKILL);
  for (int i = 0; i < ok; i++) waitpid(pids[i], NULL, 0);
  return 0;
}

static int memory_bomb(long max_mib) {
  long total = 0;
  while (total < max_mib) {
    size_t len = 64UL << 20;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      emit("memory-bomb", "alloc", -1, errno, NULL);
      return 1;
    }
    for (size_t i = 0; i < len; i += 4096) p[i] = (char)(i | 1);
    total += 64;
    emit_raw("memory-bomb", "touched-mib", total, NULL, NULL);
  }
  emit_raw("memory-bomb", "survived", total, NULL, "allocated everything asked for");
  return 0;
}

static int disk_fill(const char *dir, long max_mib) {
  char path[700];
  snprintf(path, sizeof path, "%s/airlock-fill", dir);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    emit("disk-fill", "bytes", -1, errno, path);
    return 1;
  }
  static char chunk[1 << 20];
  memset(chunk, 0xa5, sizeof chunk);
  long written = 0;
  int err = 0;
  while (written < (max_mib << 20)) {
    ssize_t w = write(fd, chunk, sizeof chunk);
    if (w < 0) {
      err = errno;
      break;
    }
    written += w;
  }
  if (!err && fsync(fd) < 0) err = errno;
  close(fd);
  /* The fill file stays: the test measures the host side while it exists. */
  emit_raw("disk-fill", "mib", written >> 20, errname(err), path);
  /* inodes: empty files until the filesystem refuses (bounded in count and time) */
  char idir[512];
  snprintf(idir, sizeof idir, "%s/airlock-inodes", dir);
  mkdir(idir, 0700);
  long files = 0;
  err = 0;
  time_t deadline = time(NULL) + 30;
  while (files < 2000000 && time(NULL) <= deadline) {
    snprintf(path, sizeof path, "%s/%ld", idir, files);
    int f = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (f < 0) {
      err = errno;
      break;
    }
    close(f);
    files++;
  }
  emit_raw("disk-fill", "inodes", files, err ? errname(err) : "ETIME_OR_COUNT", idir);
  for (long i = 0; i < files; i++) {
    snprintf(path, sizeof path, "%s/%ld", idir, i);
    unlink(path);
  }
  rmdir(idir);
  return 0;
}

static void *spin(void *arg) {
  volatile unsigned long *x = arg;
  for (;;) (*x)++;
  return NULL;
}

static int cpu_hog(int threads) {
  static volatile unsigned long counters[256];
  if (threads > 256) threads = 256;
  emit_raw("cpu-hog", "started", threads, NULL, NULL);
  for (int i = 1; i < threads; i++) {
    pthread_t t;
    pthread_create(&t, NULL, spin, (void *)&counters[i]);
  }
  spin((void *)&counters[0]);
  return 0;
}

/* ---------- main ---------- */

static const struct {
  const char *id;
  void (*fn)(const char *);
} probes[] = {
    {"fd-leak", probe_fd_leak},
    {"cgroup-release-agent", probe_cgroup_release_agent},
    {"userns-cgroup", probe_userns_cgroup},
    {"block-device", probe_block_device},
    {"proc-sys-write", probe_proc_sys_write},
    {"sysrq", probe_sysrq},
    {"core-pattern", probe_core_pattern},
    {"helpers", probe_helpers},
    {"host-ptrace", probe_host_ptrace},
    {"shocker", probe_shocker},
    {"mount", probe_mount},
    {"module-load", probe_module_load},
    {"keyctl", probe_keyctl},
    {"bpf", probe_bpf},
    {"userfaultfd", probe_userfaultfd},
    {"perf", probe_perf},
    {"io-uring", probe_io_uring},
    {"nested-userns", probe_nested_userns},
    {"other-ns", probe_other_ns},
    {"raw-socket", probe_raw_socket},
    {"net-config", probe_net_config},
    {"rootfs-write", probe_rootfs_write},
    {"setuid", probe_setuid},
    {"devices", probe_devices},
    {"clock", probe_clock},
    {"kernel-info", probe_kernel_info},
    {"runtime-sockets", probe_runtime_sockets},
    {"mount-propagation", probe_mount_propagation},
};

static void record_initial_fds(void) {
  /* Before anything else is opened: the descriptors the runtime handed us. */
  DIR *d = opendir("/proc/self/fd");
  if (!d) {
    snprintf(initial_fds, sizeof initial_fds, "/proc/self/fd unreadable: %s", errname(errno));
    initial_fd_count = -1;
    return;
  }
  int self = dirfd(d);
  struct dirent *de;
  while ((de = readdir(d))) {
    int fd = atoi(de->d_name);
    if (de->d_name[0] == '.' || fd <= 2 || fd == self) continue;
    char link[64], target[256];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    target[n < 0 ? 0 : n] = 0;
    size_t l = strlen(initial_fds);
    snprintf(initial_fds + l, sizeof initial_fds - l, "%s%d=%s", l ? " " : "", fd, target);
    initial_fd_count++;
  }
  closedir(d);
}

/* A probe runs in its own child, so a kill (a seccomp KILL action) costs only that probe. */
static void run_probe(int i) {
  pid_t pid = fork();
  if (pid == 0) {
    probes[i].fn(probes[i].id);
    _exit(0);
  }
  int st = 0;
  if (pid < 0 || waitpid(pid, &st, 0) < 0) {
    emit(probes[i].id, "*", -1, errno, "fork failed");
  } else if (WIFSIGNALED(st)) {
    char sig[32];
    snprintf(sig, sizeof sig, "SIG%d", WTERMSIG(st));
    emit_raw(probes[i].id, "*", -1, sig, "probe process killed");
  }
}

int main(int argc, char **argv) {
  record_initial_fds();
  if (argc >= 3 && strcmp(argv[1], "--setuid-helper") == 0) return setuid_helper(argv[2]);
  if (argc >= 4 && strcmp(argv[1], "--fork-bomb") == 0) return fork_bomb(atoi(argv[2]), atoi(argv[3]));
  if (argc >= 3 && strcmp(argv[1], "--memory-bomb") == 0) return memory_bomb(atol(argv[2]));
  if (argc >= 4 && strcmp(argv[1], "--disk-fill") == 0) return disk_fill(argv[2], atol(argv[3]));
  if (argc >= 3 && strcmp(argv[1], "--cpu-hog") == 0) return cpu_hog(atoi(argv[2]));

  static const char *const bases[] = {"/tmp", "/var/tmp", "/dev/shm", "/run"};
  for (size_t i = 0; i < sizeof bases / sizeof bases[0] && !tmpdir[0]; i++) {
    snprintf(tmpdir, sizeof tmpdir, "%s/airlock-probe-XXXXXX", bases[i]);
    if (!mkdtemp(tmpdir)) tmpdir[0] = 0;
  }
  snprintf(mntdir, sizeof mntdir, "%s/mnt", tmpdir[0] ? tmpdir : "/tmp");

  int selected = 0;
  for (int a = 1; a < argc; a++) {
    if (strncmp(argv[a], "--host-pid=", 11) == 0) host_pid = atol(argv[a] + 11);
    else selected++;
  }
  int nprobes = (int)(sizeof probes / sizeof probes[0]);
  for (int i = 0; i < nprobes; i++) {
    int want = selected == 0;
    for (int a = 1; a < argc && !want; a++)
      if (strcmp(argv[a], probes[i].id) == 0) want = 1;
    if (want) run_probe(i);
  }
  for (int a = 1; a < argc; a++) {
    if (strncmp(argv[a], "--", 2) == 0) continue;
    int known = 0;
    for (int i = 0; i < nprobes; i++)
      if (strcmp(argv[a], probes[i].id) == 0) known = 1;
    if (!known) emit_raw(argv[a], "*", -1, "EUNKNOWNPROBE", "no such probe id");
  }
  if (tmpdir[0]) {
    rmdir(mntdir);
    rmdir(tmpdir);
  }
  return 0;
}
