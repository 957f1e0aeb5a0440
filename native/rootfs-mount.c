/*
 * rootfs-mount DIR IMAGE HOSTBASE COUNT
 *
 * Mounts one container sandbox's root in a single process (see src/sandbox/container/
 * rootfs.host.ts for the layout):
 *   DIR/disk    the sparse ext4 file DIR/disk.img on a fresh auto-clearing loop device,
 *               nosuid,nodev,noatime: the bound, throw-away writable layer
 *   DIR/disk/upper, DIR/disk/work   overlay dirs, owned by HOSTBASE (the sandbox's root)
 *   DIR/lower   IMAGE, read-only, nosuid, nodev; when COUNT > 0 idmapped so that on-disk id
 *               N appears as host id HOSTBASE+N (one root-owned image, shown to each sandbox
 *               as its own, without copying); COUNT = 0: a plain read-only bind
 *   DIR/rootfs  overlayfs of lower + upper, nosuid,nodev
 * Preconditions: root; DIR/{disk,lower,rootfs} exist and are empty; DIR/disk.img is a
 * formatted ext4 image; Linux >= 5.19 for overlayfs over an idmapped mount. On failure it
 * prints the failing step and errno to stderr, undoes its mounts and exits 1. It leaves no
 * process behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char disk[4096], lower[4096], rootfs[4096], upper[4096], work[4096];
static int mounted_disk, mounted_lower;

static int fail(const char *what) {
  int e = errno;
  fprintf(stderr, "rootfs-mount: %s: %s\n", what, strerror(e));
  if (mounted_lower) umount2(lower, MNT_DETACH);
  if (mounted_disk) umount2(disk, 0);
  return 1;
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Attaches `image` to a free loop device that clears itself when unmounted. */
static int attach_loop(const char *image, char *device, size_t size) {
  int backing = open(image, O_RDWR | O_CLOEXEC);
  if (backing < 0) return -1;
  int control = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
  if (control < 0) return -1;
  for (int attempt = 0; attempt < 64; attempt++) {
    int n = ioctl(control, LOOP_CTL_GET_FREE);
    if (n < 0) break;
    snprintf(device, size, "/dev/loop%d", n);
    int loop = open(device, O_RDWR | O_CLOEXEC);
    if (loop < 0) break;
    struct loop_config config;
    memset(&config, 0, sizeof config);
    config.fd = (unsigned)backing;
    config.info.lo_flags = LO_FLAGS_AUTOCLEAR;
    size_t name_length = strlen(image) < LO_NAME_SIZE - 1 ? strlen(image) : LO_NAME_SIZE - 1;
    memcpy(config.info.lo_file_name, image, name_length); /* informational; may be cut */
    if (ioctl(loop, LOOP_CONFIGURE, &config) == 0) {
      close(control);
      close(backing);
      return loop; /* held open until the ext4 mount takes its own reference */
    }
    int e = errno;
    close(loop);
    if (e != EBUSY) {
      errno = e;
      break;
    }
  }
  close(control);
  close(backing);
  return -1;
}

/* Mounts an idmapped, read-only view of `source` at `target` (see the header). */
static int idmapped_bind(const char *source, const char *target, unsigned long base, unsigned long count) {
  int ready[2], done[2];
  if (pipe2(ready, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) return -1;
  pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    /* Holds a user namespace with the wanted mapping until the parent is done. */
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
  int rc = -1, e = 0;
  char byte, path[64], map[96];
  if (read(ready[0], &byte, 1) != 1) {
    e = ECHILD;
    goto out;
  }
  snprintf(map, sizeof map, "0 %lu %lu\n", base, count);
  snprintf(path, sizeof path, "/proc/%d/uid_map", child);
  if (write_file(path, map)) goto fail;
  snprintf(path, sizeof path, "/proc/%d/setgroups", child);
  if (write_file(path, "deny")) goto fail;
  snprintf(path, sizeof path, "/proc/%d/gid_map", child);
  if (write_file(path, map)) goto fail;
  snprintf(path, sizeof path, "/proc/%d/ns/user", child);
  int userns = open(path, O_RDONLY | O_CLOEXEC);
  if (userns < 0) goto fail;
  int tree = (int)syscall(SYS_open_tree, AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
  if (tree < 0) goto fail;
  struct mount_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  attr.userns_fd = (unsigned)userns;
  attr.propagation = MS_PRIVATE;
  if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr)) goto fail;
  if (syscall(SYS_move_mount, tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH)) goto fail;
  rc = 0;
  goto out;
fail:
  e = errno;
out:
  close(done[1]);
  waitpid(child, NULL, 0);
  errno = e;
  return rc;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: rootfs-mount DIR IMAGE HOSTBASE COUNT\n");
    return 2;
  }
  const char *dir = argv[1], *image = argv[2];
  unsigned long base = strtoul(argv[3], NULL, 10), count = strtoul(argv[4], NULL, 10);
  char disk_image[4096], device[64], options[3 * 4096 + 64];
  snprintf(disk_image, sizeof disk_image, "%s/disk.img", dir);
  snprintf(disk, sizeof disk, "%s/disk", dir);
  snprintf(lower, sizeof lower, "%s/lower", dir);
  snprintf(rootfs, sizeof rootfs, "%s/rootfs", dir);
  snprintf(upper, sizeof upper, "%s/disk/upper", dir);
  snprintf(work, sizeof work, "%s/disk/work", dir);

  int loop = attach_loop(disk_image, device, sizeof device);
  if (loop < 0) return fail("attach the disk image to a loop device");
  int r = mount(device, disk, "ext4", MS_NOSUID | MS_NODEV | MS_NOATIME, NULL);
  close(loop);
  if (r) return fail("mount the disk image");
  mounted_disk = 1;
  if (mkdir(upper, 0755) || mkdir(work, 0700)) return fail("create the overlay dirs");
  if (count > 0 && (chown(upper, (uid_t)base, (gid_t)base) || chown(work, (uid_t)base, (gid_t)base))) {
    return fail("chown the overlay dirs");
  }
  if (count > 0) {
    if (idmapped_bind(image, lower, base, count)) return fail("idmapped mount of the image");
  } else {
    if (mount(image, lower, NULL, MS_BIND | MS_REC, NULL)) return fail("bind the image");
    mounted_lower = 1;
    if (mount(NULL, lower, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL)) {
      return fail("make the image bind read-only");
    }
  }
  mounted_lower = 1;
  snprintf(options, sizeof options, "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work);
  if (mount("overlay", rootfs, "overlay", MS_NOSUID | MS_NODEV, options)) return fail("mount the overlay");
  return 0;
}
