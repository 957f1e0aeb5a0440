/*
 * tap-open: opens a tap device for QEMU, which runs unprivileged and may not open
 * /dev/net/tun itself (0600 on some hosts).
 *
 * Usage: tap-open IFNAME FD -- PROGRAM ARGS...
 * Contract: runs as root in the microVM's network namespace (after nsenter, before setpriv
 * drops privileges); attaches to the tap IFNAME there (made before by `ip tuntap add`, so
 * nothing new is created) with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, puts the descriptor at
 * FD (inherited: no close-on-exec) and execs PROGRAM, so the process keeps its pid. QEMU
 * then takes the tap as `-netdev tap,fd=FD`. Exit 125 with a message on any failure.
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

int main(int argc, char **argv) {
  if (argc < 5 || strcmp(argv[3], "--") != 0 || strlen(argv[1]) >= IFNAMSIZ) {
    fprintf(stderr, "usage: tap-open IFNAME FD -- PROGRAM ARGS...\n");
    return 125;
  }
  int target = atoi(argv[2]);
  if (target < 3) {
    fprintf(stderr, "tap-open: FD must be 3 or more\n");
    return 125;
  }
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "tap-open: /dev/net/tun: %s\n", strerror(errno));
    return 125;
  }
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, IFNAMSIZ, "%s", argv[1]);
  r.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
  if (ioctl(fd, TUNSETIFF, &r) != 0) {
    fprintf(stderr, "tap-open: attaching to %s: %s\n", argv[1], strerror(errno));
    return 125;
  }
  /* dup2 clears close-on-exec on the copy; when fd is already target, clear it by hand. */
  if (fd == target ? fcntl(fd, F_SETFD, 0) < 0 : dup2(fd, target) < 0) {
    fprintf(stderr, "tap-open: fd %d: %s\n", target, strerror(errno));
    return 125;
  }
  execvp(argv[4], argv + 4);
  fprintf(stderr, "tap-open: %s: %s\n", argv[4], strerror(errno));
  return 125;
}
