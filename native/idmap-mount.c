/*
 * idmap-mount SRC DST HOSTBASE COUNT
 *
 * Attaches at DST a recursive, read-only, nosuid, nodev, idmapped bind mount of SRC in which
 * on-disk id N appears as host id HOSTBASE+N (for N < COUNT). airlock uses it to show one
 * root-owned image to each sandbox as owned by that sandbox's own unprivileged uid range,
 * without copying or chowning the image. Needs root and Linux >= 5.12 (mount_setattr),
 * >= 5.19 for overlayfs on top of it. Exit 0 on success; on failure prints the failing
 * call and errno to stderr and exits 1. Leaves no process behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int fail(const char *what) {
  fprintf(stderr, "idmap-mount: %s: %s\n", what, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: idmap-mount SRC DST HOSTBASE COUNT\n");
    return 2;
  }
  unsigned long base = strtoul(argv[3], NULL, 10), count = strtoul(argv[4], NULL, 10);
  int ready[2], done[2];
  if (pipe2(ready, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) return fail("pipe");
  pid_t child = fork();
  if (child < 0) return fail("fork");
  if (child == 0) {
    /* The child only holds a user namespace with the wanted mapping until we are done. */
    char byte = 0;
    close(ready[0]);
    close(done[1]);
    if (unshare(CLONE_NEWUSER)) _exit(1);
    if (write(ready[1], &byte, 1) != 1) _exit(1);
    if (read(done[0], &byte, 1) < 0) _exit(1);
    _exit(0);
  }
  close(ready[1]);
  close(done[0]);
  char byte, path[64], map[96];
  int rc = 1;
  if (read(ready[0], &byte, 1) != 1) { errno = ECHILD; rc = fail("child unshare(CLONE_NEWUSER)"); goto out; }
  snprintf(map, sizeof map, "0 %lu %lu\n", base, count);
  snprintf(path, sizeof path, "/proc/%d/uid_map", child);
  if (write_file(path, map)) { rc = fail("uid_map"); goto out; }
  snprintf(path, sizeof path, "/proc/%d/setgroups", child);
  if (write_file(path, "deny")) { rc = fail("setgroups"); goto out; }
  snprintf(path, sizeof path, "/proc/%d/gid_map", child);
  if (write_file(path, map)) { rc = fail("gid_map"); goto out; }
  snprintf(path, sizeof path, "/proc/%d/ns/user", child);
  int userns = open(path, O_RDONLY | O_CLOEXEC);
  if (userns < 0) { rc = fail("open userns"); goto out; }
  int tree = syscall(SYS_open_tree, AT_FDCWD, argv[1], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
  if (tree < 0) { rc = fail("open_tree"); goto out; }
  struct mount_attr attr = {0};
  attr.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  attr.userns_fd = userns;
  attr.propagation = MS_PRIVATE;
  if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr)) {
    rc = fail("mount_setattr(MOUNT_ATTR_IDMAP)");
    goto out;
  }
  if (syscall(SYS_move_mount, tree, "", AT_FDCWD, argv[2], MOVE_MOUNT_F_EMPTY_PATH)) {
    rc = fail("move_mount");
    goto out;
  }
  rc = 0;
out:
  close(done[1]);
  waitpid(child, NULL, 0);
  return rc;
}
