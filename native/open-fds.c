/*
 * open-fds: opens what QEMU needs but may not open itself, and hands it over as inherited
 * file descriptors. QEMU runs unprivileged (its own uid per sandbox), so files it must read
 * but no unprivileged user may (a pulled image's disk lives in a root-only directory) and the
 * tap (/dev/net/tun is 0600 on some hosts) are opened here, as root, and nothing else is.
 *
 * Usage: open-fds [--tap IFNAME FD] [--ro PATH FD] [--rw PATH FD] ... -- PROGRAM ARGS...
 * Contract: runs as root in the microVM's network namespace (after nsenter, before setpriv
 * drops privileges). --tap attaches to the existing tap IFNAME there (IFF_TAP | IFF_NO_PI |
 * IFF_VNET_HDR; nothing is created); --ro and --rw open PATH read-only or read-write
 * (O_NOFOLLOW: never through a symlink). Each descriptor is put at FD (3 or more, each FD once),
 * inherited (no close-on-exec); then PROGRAM is exec'd, so the process keeps its pid. Exit 125
 * with a message on any failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_FDS 16

struct wanted {
  int fd;      /* where the descriptor goes */
  int opened;  /* what open() returned, moved to fd at the end */
};

static int usage(void) {
  fprintf(stderr, "usage: open-fds [--tap IFNAME FD] [--ro PATH FD] [--rw PATH FD] ... -- PROGRAM ARGS...\n");
  return 125;
}

static int open_tap(const char *name) {
  if (strlen(name) >= IFNAMSIZ) return -1;
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) return -1;
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, IFNAMSIZ, "%s", name);
  r.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
  if (ioctl(fd, TUNSETIFF, &r) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

int main(int argc, char **argv) {
  struct wanted wanted[MAX_FDS];
  int count = 0, i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i += 3) {
    if (i + 2 >= argc || count == MAX_FDS) return usage();
    int target = atoi(argv[i + 2]);
    if (target < 3 || target >= 3 + MAX_FDS + 16) return usage();
    for (int j = 0; j < count; j++)
      if (wanted[j].fd == target) return usage();
    int opened;
    if (strcmp(argv[i], "--tap") == 0) opened = open_tap(argv[i + 1]);
    else if (strcmp(argv[i], "--ro") == 0) opened = open(argv[i + 1], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    else if (strcmp(argv[i], "--rw") == 0) opened = open(argv[i + 1], O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    else return usage();
    if (opened < 0) {
      fprintf(stderr, "open-fds: %s %s: %s\n", argv[i], argv[i + 1], strerror(errno));
      return 125;
    }
    wanted[count++] = (struct wanted){target, opened};
  }
  if (i + 1 >= argc) return usage();
  /* Move every descriptor above the targets first, so no dup2 clobbers one still needed. */
  for (int j = 0; j < count; j++) {
    int high = fcntl(wanted[j].opened, F_DUPFD_CLOEXEC, 100);
    if (high < 0) {
      fprintf(stderr, "open-fds: fcntl: %s\n", strerror(errno));
      return 125;
    }
    close(wanted[j].opened);
    wanted[j].opened = high;
  }
  for (int j = 0; j < count; j++) {
    /* dup2 onto a different fd clears close-on-exec on the copy */
    if (dup2(wanted[j].opened, wanted[j].fd) < 0) {
      fprintf(stderr, "open-fds: fd %d: %s\n", wanted[j].fd, strerror(errno));
      return 125;
    }
  }
  execvp(argv[i + 1], argv + i + 1);
  fprintf(stderr, "open-fds: %s: %s\n", argv[i + 1], strerror(errno));
  return 125;
}
