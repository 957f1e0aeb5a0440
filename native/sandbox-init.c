/*
 * sandbox-init: PID 1 of every airlock container, bound read-only at /.airlock/init, and
 * the agent through which airlock runs commands in it (see docs/agent-protocol.md).
 *
 * Contract: started by runc with the control socket as fd 3 (`runc run --preserve-fds 1`).
 * It reaps every process of the sandbox (so zombies never eat the pids limit), and for each
 * EXEC request forks CMD with the request's argv, env and cwd (and, when the request names
 * them, enters a root directory and drops to its uid, gid and groups first, as Docker does for
 * an image's User). A malformed request is answered with EXIT 126. The children inherit exactly
 * init's own confinement — user namespace, capabilities, noNewPrivileges, seccomp, cgroup —
 * so a command gains nothing it would not have under `runc exec`. Output is streamed back
 * until CMD exits; then what is already buffered is drained and EXIT is sent: background
 * processes CMD leaves keep running but cannot hold the command open (output they write
 * later is dropped). When the control socket closes (airlock is gone), init exits and the
 * kernel ends every process of the sandbox. init is not dumpable, so the job cannot ptrace
 * it to forge results. Needs no library, shell or file of the image.
 * In a microVM guest it runs as `airlock-agent --guest` (a child of guest-init, with the
 * virtio-serial port as fd 3) and then also honours KILL frames (see guest_mode).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <dirent.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { T_EXEC = 1, T_STDIN = 2, T_KILL = 3, T_STDOUT = 4, T_STDERR = 5, T_EXIT = 6 };

/*
 * Whether KILL frames are honoured: only in a microVM guest, where guest-init starts the
 * agent as `airlock-agent --guest`. There kill(-1) ends every process of the guest but PID 1
 * (guest-init) and this agent. In a container the host kills through the cgroup instead,
 * and kill(-1) must never run: without a PID namespace (the battery's weak control) it
 * would reach the host's processes.
 */
static int guest_mode;
enum { CONTROL_FD = 3, MAX_EXECS = 64, HEADER = 9, MAX_FRAME = 1 << 24 };

struct exec {
  uint32_t id;
  pid_t pid;          /* 0: slot free */
  int out, err, in;   /* -1 when closed */
  int exited, status;
  char *pending;      /* stdin bytes not yet accepted by the pipe */
  size_t pending_len;
  int stdin_eof;
};

static struct exec execs[MAX_EXECS];

static void die(const char *what) {
  /* stderr is /dev/null in a detached container; the exit status is what airlock sees. */
  (void)what;
  _exit(1);
}

static void write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd w = {fd, POLLOUT, 0};
        poll(&w, 1, -1);
        continue;
      }
      _exit(0); /* airlock went away */
    }
    p += n;
    len -= (size_t)n;
  }
}

static void send_frame(uint8_t type, uint32_t id, const void *data, uint32_t len) {
  unsigned char h[HEADER];
  h[0] = type;
  memcpy(h + 1, &id, 4);
  memcpy(h + 5, &len, 4);
  write_all(CONTROL_FD, h, HEADER);
  if (len > 0) write_all(CONTROL_FD, data, len);
}

static struct exec *find_exec(uint32_t id) {
  for (int i = 0; i < MAX_EXECS; i++)
    if (execs[i].pid != 0 && execs[i].id == id) return &execs[i];
  return NULL;
}

/* Copies what `fd` has into frames; returns 0 at EOF or error. */
static int pump(struct exec *e, int fd, uint8_t type) {
  char buf[65536];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return 0;
  send_frame(type, e->id, buf, (uint32_t)n);
  return 1;
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static void finish_if_done(struct exec *e) {
  if (!e->exited) return;
  /* Drain what is already buffered, without waiting for background writers. */
  while (e->out >= 0 && pump(e, e->out, T_STDOUT)) {
    struct pollfd p = {e->out, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) break;
  }
  while (e->err >= 0 && pump(e, e->err, T_STDERR)) {
    struct pollfd p = {e->err, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) break;
  }
  close_fd(&e->out);
  close_fd(&e->err);
  close_fd(&e->in);
  free(e->pending);
  int32_t code = WIFSIGNALED(e->status) ? 128 + WTERMSIG(e->status) : WEXITSTATUS(e->status);
  send_frame(T_EXIT, e->id, &code, 4);
  memset(e, 0, sizeof *e);
}

/* execvpe() searches the caller's PATH; a command must be searched in its own env's PATH. */
static void exec_in_path(char **argv, char **envp) {
  if (strchr(argv[0], '/') != NULL) {
    execve(argv[0], argv, envp);
    return;
  }
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (char **e = envp; *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0) path = *e + 5;
  int saved = ENOENT;
  for (const char *dir = path;;) {
    const char *end = strchrnul(dir, ':');
    char full[4096];
    int n = snprintf(full, sizeof full, "%.*s/%s", (int)(end - dir), dir, argv[0]);
    if (n > 0 && (size_t)n < sizeof full) {
      execve(full, argv, envp);
      if (errno != ENOENT && errno != ENOTDIR) saved = errno;
    }
    if (*end == '\0') break;
    dir = end + 1;
  }
  errno = saved;
}

/* Answers a request it cannot run: a message on its stderr, then EXIT 126. */
static void refuse(uint32_t id, const char *why) {
  char msg[256];
  int n = snprintf(msg, sizeof msg, "airlock: malformed EXEC request: %s\n", why);
  int32_t code = 126;
  send_frame(T_STDERR, id, msg, (uint32_t)n);
  send_frame(T_EXIT, id, &code, 4);
}

enum { KEEP_USER = -1, MAX_GROUPS = 65536, MAX_ROOT = 4095 };

/* What a request asks for beyond its strings (see start_exec). */
struct tail {
  int as_user; /* 0: init's own user */
  uint32_t uid, gid, ngroups;
  gid_t *groups; /* ngroups entries (malloc'd), or NULL */
  char root[MAX_ROOT + 1]; /* "": no root */
};

static uint32_t u32_at(const char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

/*
 * Parses the bytes after the strings: nothing; or u32 uid, u32 gid (groups: just gid); or the
 * extended form u32 uid, u32 gid, u32 ngroups, ngroups x u32 group, u32 rootlen, rootlen bytes
 * of an absolute root directory (rootlen 0: none), where uid and gid 0xffffffff keep init's
 * user (then ngroups must be 0). Returns NULL when valid, else why not.
 */
static const char *parse_tail(const char *p, const char *end, struct tail *t) {
  size_t rest = (size_t)(end - p);
  memset(t, 0, sizeof *t);
  if (rest == 0) return NULL;
  if (rest < 8) return "trailing bytes after the strings";
  t->uid = u32_at(p);
  t->gid = u32_at(p + 4);
  t->as_user = 1;
  if (rest == 8) {
    t->ngroups = 1;
    t->groups = malloc(sizeof(gid_t));
    t->groups[0] = (gid_t)t->gid;
    return NULL;
  }
  if (rest < 16) return "truncated user tail";
  t->ngroups = u32_at(p + 8);
  if (t->ngroups > MAX_GROUPS) return "too many groups";
  if ((size_t)t->ngroups * 4 + 16 > rest) return "truncated group list";
  int keep = t->uid == (uint32_t)KEEP_USER && t->gid == (uint32_t)KEEP_USER;
  if (keep && t->ngroups > 0) return "groups without a user";
  if (!keep && (t->uid == (uint32_t)KEEP_USER || t->gid == (uint32_t)KEEP_USER))
    return "invalid uid or gid";
  t->as_user = !keep;
  t->groups = calloc(t->ngroups + 1, sizeof(gid_t));
  for (uint32_t i = 0; i < t->ngroups; i++) t->groups[i] = (gid_t)u32_at(p + 12 + 4 * i);
  const char *r = p + 12 + 4 * (size_t)t->ngroups;
  uint32_t rootlen = u32_at(r);
  r += 4;
  if ((size_t)(end - r) != rootlen) return "root length does not match the frame";
  if (rootlen > MAX_ROOT) return "root path too long";
  if (rootlen > 0 && (r[0] != '/' || memchr(r, '\0', rootlen) != NULL))
    return "root is not an absolute path";
  memcpy(t->root, r, rootlen);
  t->root[rootlen] = '\0';
  return NULL;
}

/* Makes `root/rel` a regular file (replacing a link or missing file) and binds `src` on it. */
static int bind_file(const char *root, const char *rel, const char *src) {
  char target[4200];
  struct stat st;
  if (access(src, R_OK) != 0) return 0;
  snprintf(target, sizeof target, "%s/%s", root, rel);
  if (lstat(target, &st) == 0 && !S_ISREG(st.st_mode) && unlink(target) != 0) return -1;
  int fd = open(target, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  close(fd);
  return mount(src, target, NULL, MS_BIND, NULL);
}

/*
 * In the child: a private mount namespace in which `root` gets the guest's /dev (recursive
 * bind), a fresh /proc, a /tmp (1777 when made here) and the guest's /etc/hosts, resolv.conf
 * and hostname bound in (so later names resolve there too); then chroot. The mounts end with
 * the last process of the namespace, so nothing is left to unmount. Needs CAP_SYS_ADMIN and
 * CAP_SYS_CHROOT (a microVM guest's agent has them). Returns -1 with errno on failure.
 */
static int enter_root(const char *root) {
  char path[4200];
  struct stat st;
  if (unshare(CLONE_NEWNS) != 0) return -1;
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
  if (lstat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  snprintf(path, sizeof path, "%s/dev", root);
  mkdir(path, 0755);
  if (mount("/dev", path, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
  snprintf(path, sizeof path, "%s/proc", root);
  mkdir(path, 0555);
  if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return -1;
  snprintf(path, sizeof path, "%s/tmp", root);
  if (mkdir(path, 01777) == 0) chmod(path, 01777);
  snprintf(path, sizeof path, "%s/etc", root);
  mkdir(path, 0755);
  if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    if (bind_file(root, "etc/hosts", "/etc/hosts") != 0) return -1;
    if (bind_file(root, "etc/resolv.conf", "/etc/resolv.conf") != 0) return -1;
    if (bind_file(root, "etc/hostname", "/etc/hostname") != 0) return -1;
  }
  if (chroot(root) != 0) return -1;
  return chdir("/");
}

/*
 * EXEC payload: u32 argc, u32 envc, then NUL-terminated cwd, argv[0..argc), env[0..envc),
 * then the optional tail parse_tail reads (user, groups, root). Without a user the command
 * keeps init's user (root of the sandbox) and its groups. A malformed
 * request is answered with a message on its stderr and EXIT 126 (never silently dropped,
 * which would leave airlock waiting forever).
 */
static void start_exec(uint32_t id, char *payload, uint32_t len, const sigset_t *original) {
  uint32_t argc, envc;
  if (len < 8) {
    refuse(id, "shorter than its counts");
    return;
  }
  memcpy(&argc, payload, 4);
  memcpy(&envc, payload + 4, 4);
  if (argc == 0 || argc > 65536 || envc > 65536) {
    refuse(id, "no command, or too many arguments or variables");
    return;
  }
  char **strings = calloc(argc + envc + 3, sizeof(char *));
  char *p = payload + 8, *end = payload + len;
  for (uint32_t i = 0; i < 1 + argc + envc; i++) {
    char *nul = memchr(p, '\0', (size_t)(end - p));
    if (nul == NULL) {
      free(strings);
      refuse(id, "fewer strings than its counts");
      return;
    }
    strings[i] = p;
    p = nul + 1;
  }
  struct tail t;
  const char *bad = parse_tail(p, end, &t);
  if (bad != NULL) {
    free(t.groups);
    free(strings);
    refuse(id, bad);
    return;
  }
  char *cwd = strings[0], **argv = strings + 1, **envp = strings + 2 + argc;
  memmove(envp, strings + 1 + argc, envc * sizeof(char *));
  argv[argc] = NULL;
  envp[envc] = NULL;

  struct exec *slot = NULL;
  for (int i = 0; i < MAX_EXECS && slot == NULL; i++)
    if (execs[i].pid == 0) slot = &execs[i];
  int out[2], err[2], in[2];
  if (slot == NULL || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(in, O_CLOEXEC)) {
    int32_t code = 126;
    const char msg[] = "airlock: cannot start the command (too many at once)\n";
    send_frame(T_STDERR, id, msg, sizeof msg - 1);
    send_frame(T_EXIT, id, &code, 4);
    free(strings);
    free(t.groups);
    return;
  }
  pid_t pid = fork();
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, original, NULL);
    signal(SIGPIPE, SIG_DFL);
    setsid();
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    syscall(SYS_close_range, 3, ~0U, 0);
    if (t.root[0] != '\0' && enter_root(t.root) != 0) {
      dprintf(2, "airlock: cannot enter root %s: %s\n", t.root, strerror(errno));
      _exit(126);
    }
    if (t.as_user && (setgroups(t.ngroups, t.groups) != 0 || setgid((gid_t)t.gid) != 0 ||
                      setuid((uid_t)t.uid) != 0)) {
      dprintf(2, "airlock: cannot run as user %u:%u: %s\n", t.uid, t.gid, strerror(errno));
      _exit(126);
    }
    if (chdir(cwd) != 0) {
      dprintf(2, "airlock: cannot enter working directory %s: %s\n", cwd, strerror(errno));
      _exit(126);
    }
    exec_in_path(argv, envp);
    dprintf(2, "airlock: %s: %s\n", argv[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  free(strings);
  free(t.groups);
  close(out[1]);
  close(err[1]);
  close(in[0]);
  if (pid < 0) {
    close(out[0]);
    close(err[0]);
    close(in[1]);
    int32_t code = 126;
    send_frame(T_EXIT, id, &code, 4);
    return;
  }
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  fcntl(err[0], F_SETFL, O_NONBLOCK);
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  *slot = (struct exec){.id = id, .pid = pid, .out = out[0], .err = err[0], .in = in[1]};
}

static void flush_stdin(struct exec *e) {
  while (e->in >= 0 && e->pending_len > 0) {
    ssize_t n = write(e->in, e->pending, e->pending_len);
    if (n < 0) {
      if (errno == EAGAIN) return;
      e->pending_len = 0; /* the command closed its stdin: drop the rest */
      break;
    }
    memmove(e->pending, e->pending + n, e->pending_len - (size_t)n);
    e->pending_len -= (size_t)n;
  }
  if (e->stdin_eof && e->pending_len == 0) close_fd(&e->in);
}

static void on_stdin(uint32_t id, const char *data, uint32_t len) {
  struct exec *e = find_exec(id);
  if (e == NULL || e->in < 0) return;
  if (len == 0) {
    e->stdin_eof = 1;
  } else {
    char *grown = realloc(e->pending, e->pending_len + len);
    if (grown == NULL) return;
    e->pending = grown;
    memcpy(e->pending + e->pending_len, data, len);
    e->pending_len += len;
  }
  flush_stdin(e);
}

/*
 * KILL with a payload (guest mode only): SIGKILLs every process whose root directory is that
 * path (a service's commands, chrooted there by enter_root), repeating while it finds any
 * (a process may fork meanwhile), at most 20 passes.
 */
static void kill_root(const char *data, uint32_t len) {
  char root[MAX_ROOT + 1], link[MAX_ROOT + 1], path[64];
  if (len == 0 || len > MAX_ROOT || data[0] != '/') return;
  memcpy(root, data, len);
  root[len] = '\0';
  for (int pass = 0; pass < 20; pass++) {
    int found = 0;
    DIR *proc = opendir("/proc");
    if (proc == NULL) return;
    for (struct dirent *d; (d = readdir(proc)) != NULL;) {
      pid_t pid = (pid_t)atoi(d->d_name);
      if (pid <= 1 || pid == getpid()) continue;
      snprintf(path, sizeof path, "/proc/%d/root", (int)pid);
      ssize_t n = readlink(path, link, sizeof link - 1);
      if (n <= 0) continue;
      link[n] = '\0';
      if (strcmp(link, root) == 0 && kill(pid, SIGKILL) == 0) found = 1;
    }
    closedir(proc);
    if (!found) return;
  }
}

/* Control input: frames may arrive split; keep a buffer. */
static unsigned char *inbuf;
static size_t inlen, incap;

static void on_control(const sigset_t *original) {
  if (incap - inlen < 65536) {
    incap = incap * 2 + 65536;
    inbuf = realloc(inbuf, incap);
    if (inbuf == NULL) die("realloc");
  }
  ssize_t n = read(CONTROL_FD, inbuf + inlen, incap - inlen);
  if (n == 0) _exit(0); /* airlock is gone: end the sandbox */
  if (n < 0) {
    if (errno == EINTR || errno == EAGAIN) return;
    _exit(0);
  }
  inlen += (size_t)n;
  size_t at = 0;
  while (inlen - at >= HEADER) {
    uint8_t type = inbuf[at];
    uint32_t id, len;
    memcpy(&id, inbuf + at + 1, 4);
    memcpy(&len, inbuf + at + 5, 4);
    if (len > MAX_FRAME) _exit(1);
    if (inlen - at - HEADER < len) break;
    char *payload = (char *)inbuf + at + HEADER;
    if (type == T_EXEC) start_exec(id, payload, len, original);
    else if (type == T_STDIN) on_stdin(id, payload, len);
    else if (type == T_KILL && guest_mode && len == 0) kill(-1, SIGKILL);
    else if (type == T_KILL && guest_mode) kill_root(payload, len);
    at += HEADER + len;
  }
  memmove(inbuf, inbuf + at, inlen - at);
  inlen -= at;
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (int i = 0; i < MAX_EXECS; i++) {
      if (execs[i].pid == pid) {
        execs[i].exited = 1;
        execs[i].status = status;
      }
    }
  }
}

int main(int argc, char **argv) {
  guest_mode = argc == 2 && strcmp(argv[1], "--guest") == 0;
  prctl(PR_SET_DUMPABLE, 0);
  signal(SIGPIPE, SIG_IGN);
  sigset_t mask, original;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, &original);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) die("signalfd");
  if (fcntl(CONTROL_FD, F_SETFD, FD_CLOEXEC) < 0) die("no control socket on fd 3");
  for (;;) {
    struct pollfd fds[2 + 3 * MAX_EXECS];
    struct exec *owner[2 + 3 * MAX_EXECS];
    int kind[2 + 3 * MAX_EXECS];
    nfds_t n = 0;
    fds[n++] = (struct pollfd){sfd, POLLIN, 0};
    fds[n++] = (struct pollfd){CONTROL_FD, POLLIN, 0};
    for (int i = 0; i < MAX_EXECS; i++) {
      struct exec *e = &execs[i];
      if (e->pid == 0) continue;
      if (e->out >= 0) { owner[n] = e; kind[n] = 1; fds[n++] = (struct pollfd){e->out, POLLIN, 0}; }
      if (e->err >= 0) { owner[n] = e; kind[n] = 2; fds[n++] = (struct pollfd){e->err, POLLIN, 0}; }
      if (e->in >= 0 && e->pending_len > 0) { owner[n] = e; kind[n] = 3; fds[n++] = (struct pollfd){e->in, POLLOUT, 0}; }
    }
    if (poll(fds, n, -1) < 0 && errno != EINTR) die("poll");
    if (fds[0].revents & POLLIN) {
      struct signalfd_siginfo info;
      while (read(sfd, &info, sizeof info) == sizeof info) {
        if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT) _exit(0);
      }
      reap();
    }
    for (nfds_t i = 2; i < n; i++) {
      struct exec *e = owner[i];
      if (e->pid == 0 || fds[i].revents == 0) continue;
      if (kind[i] == 1 && e->out == fds[i].fd && !pump(e, e->out, T_STDOUT)) close_fd(&e->out);
      if (kind[i] == 2 && e->err == fds[i].fd && !pump(e, e->err, T_STDERR)) close_fd(&e->err);
      if (kind[i] == 3) flush_stdin(e);
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) on_control(&original);
    /* A command is done when it exited; its pipes are then drained, not awaited. */
    reap();
    for (int i = 0; i < MAX_EXECS; i++) {
      if (execs[i].pid != 0 && execs[i].exited) finish_if_done(&execs[i]);
    }
  }
}
