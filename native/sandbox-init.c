/*
 * sandbox-init: bound read-only at /.airlock/init in every airlock container.
 *
 * `/.airlock/init` (no arguments): PID 1. Starts no program of its own; reaps every orphan
 * the job's processes leave (so zombies never eat the pids limit) and exits on SIGTERM.
 *
 * `/.airlock/init --exec -- CMD ARGS...`: how every `runc exec` runs a command. It runs CMD
 * with stdout/stderr on pipes of its own and copies them to its stdout/stderr until CMD
 * exits, then drains what is already buffered and exits with CMD's status (128+signal when
 * CMD was killed, 127 when CMD is not found). Background processes CMD leaves keep running
 * but hold only this wrapper's pipes, so runc's own pipes close and the exec ends when CMD
 * ends: output a background process writes after that is dropped, as with GitLab's
 * executors. Needs no library, shell or file of the image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop = 0;
static void on_term(int sig) { (void)sig; stop = 1; }
static void on_child(int sig) { (void)sig; }

static int run_init(void) {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &old);
  struct sigaction sa = {0};
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = on_child;
  sa.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  for (;;) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    if (stop) return 0;
    sigsuspend(&old);
  }
}

/* Copies what `from` has to `to`; returns 0 at EOF or error, 1 when more may come. */
static int pump(int from, int to) {
  char buf[65536];
  ssize_t n = read(from, buf, sizeof buf);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return 0;
  for (ssize_t off = 0; off < n;) {
    ssize_t w = write(to, buf + off, (size_t)(n - off));
    if (w < 0) {
      if (errno == EINTR) continue;
      return 1; /* the reader went away: keep draining so CMD never blocks */
    }
    off += w;
  }
  return 1;
}

static int run_exec(char **argv) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
    perror("airlock: pipe");
    return 126;
  }
  signal(SIGPIPE, SIG_IGN);
  /* SIGCHLD stays blocked except inside ppoll, so CMD's exit wakes the copy loop at once. */
  sigset_t chld, waitmask;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &waitmask);
  sigdelset(&waitmask, SIGCHLD);
  struct sigaction sa = {0};
  sa.sa_handler = on_child;
  sa.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  pid_t child = fork();
  if (child < 0) {
    perror("airlock: fork");
    return 126;
  }
  if (child == 0) {
    signal(SIGPIPE, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    sigprocmask(SIG_UNBLOCK, &chld, NULL);
    dup2(out[1], 1);
    dup2(err[1], 2);
    execvp(argv[0], argv);
    fprintf(stderr, "airlock: %s: %s\n", argv[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  close(out[1]);
  close(err[1]);
  struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_count = 2, status = 0, exited = 0;
  while (!exited) {
    int ready = ppoll(fds, 2, NULL, &waitmask);
    for (int i = 0; ready > 0 && i < 2; i++) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        if (!pump(fds[i].fd, i == 0 ? 1 : 2)) {
          close(fds[i].fd);
          fds[i].fd = -1;
          open_count--;
        }
      }
    }
    pid_t done = waitpid(child, &status, open_count == 0 ? 0 : WNOHANG);
    if (done == child) exited = 1;
  }
  /* Drain what CMD (or a background child) already wrote, without waiting for more. */
  for (int i = 0; i < 2; i++) {
    if (fds[i].fd < 0) continue;
    fcntl(fds[i].fd, F_SETFL, O_NONBLOCK);
    while (pump(fds[i].fd, i == 0 ? 1 : 2)) {
      struct pollfd p = {fds[i].fd, POLLIN, 0};
      if (poll(&p, 1, 0) <= 0) break;
    }
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "--exec") == 0 && strcmp(argv[2], "--") == 0) return run_exec(argv + 3);
  if (argc == 1) return run_init();
  fprintf(stderr, "usage: /.airlock/init [--exec -- CMD ARGS...]\n");
  return 2;
}
