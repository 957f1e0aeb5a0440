/*
 * guest-init: PID 1 of every airlock microVM, the /init of the guest's initramfs (built by
 * src/image/guest/, booted by src/sandbox/microvm/; see docs/microvm.md).
 *
 * Contract: mounts /proc, /sys and /dev (devtmpfs); loads the kernel modules named, one
 * file name a line and already in dependency order, in /etc/airlock-modules from
 * /lib/modules/ (finit_module; a module already present counts as loaded); with a disk whose
 * serial is airlock-base, switches root to the image (switch_to_image); brings up lo and,
 * from `airlock.net=` / `airlock.net6=`, eth0 (configure_network); prints exactly one line
 *     airlock-guest-init: ready <release> modules=<loaded>/<listed> virtio-devices=<n>
 *         virtio-ports=<n> root=image|initramfs
 * (one line)
 * on /dev/console (the serial console), or
 *     airlock-guest-init: failed <what>: <errno text>
 * when a step fails (and then powers off). Then it serves the agent protocol of
 * docs/agent-protocol.md on the virtio-serial port named `airlock.agent`: it opens the port
 * (/dev/vportNpM, found through /sys/class/virtio-ports/<dev>/name; the node is made from
 * .../dev when devtmpfs lacks it), waits up to a second for the host end to be connected,
 * and runs the agent (native/sandbox-init.c, as `airlock-agent --guest`) as its child with
 * the port as fd 3.
 * PID 1 itself only reaps: every orphan of the guest, and the agent. It powers the VM off
 * when the agent exits (the host closed its end: the agent reads EOF) or when there is no
 * port or no host end; it prints `airlock-guest-init: agent <state>` on the way.
 * It never returns: PID 1 exiting panics the kernel. Needs no library or file beyond the
 * initramfs (static binaries).
 * Run as `/init uname` (not as PID 1) it prints `uname -a`'s fields
 * (`<sysname> <nodename> <release> <version> <machine>`) and exits 0: the guest has no
 * other program to run in an initramfs-only boot.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <poll.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/ipv6.h>
#include <stdlib.h>

#define MARKER "airlock-guest-init:"
#define MODULE_LIST "/etc/airlock-modules"
#define MODULE_DIR "/lib/modules/"
#define AGENT "/sbin/airlock-agent"
/* Where the agent is bound in the image's root, as in a container (`/.airlock/init`). */
#define ROOT_AGENT "/.airlock/init"
#define BLOCK_CLASS "/sys/block/"
#define DOCKERD "/usr/sbin/dockerd" /* Debian's docker.io */
#define DOCKER_SOCKET "/run/docker.sock"
#define PORT_NAME "airlock.agent"
#define PORT_CLASS "/sys/class/virtio-ports/"

static int console = -1;

static void say(const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n > sizeof line - 2) n = (int)sizeof line - 2;
  line[n++] = '\n';
  int fd = console >= 0 ? console : 2;
  for (const char *p = line; n > 0;) {
    ssize_t w = write(fd, p, (size_t)n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    n -= (int)w;
  }
}

static void power_off(void) {
  sync();
  reboot(RB_POWER_OFF);
  /* Power-off refused (no ACPI?): halt so that the host's deadline ends the VM. */
  for (;;) pause();
}

static void fail(const char *what) {
  say(MARKER " failed %s: %s", what, strerror(errno));
  power_off();
}

static void mount_fs(const char *source, const char *target, const char *type,
                     unsigned long flags) {
  mkdir(target, 0755);
  if (mount(source, target, type, flags, NULL) != 0 && errno != EBUSY) fail(target);
}

/* Loads each listed module; returns how many are loaded, *listed gets how many were named. */
static int load_modules(int *listed) {
  *listed = 0;
  FILE *list = fopen(MODULE_LIST, "re");
  if (list == NULL) return 0; /* no modules needed: everything is built in */
  int loaded = 0;
  char name[256];
  while (fgets(name, sizeof name, list) != NULL) {
    name[strcspn(name, "\r\n")] = '\0';
    if (name[0] == '\0') continue;
    (*listed)++;
    char path[512];
    snprintf(path, sizeof path, MODULE_DIR "%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      say(MARKER " module %s: %s", name, strerror(errno));
      continue;
    }
    if (syscall(SYS_finit_module, fd, "", 0) == 0 || errno == EEXIST)
      loaded++;
    else
      say(MARKER " module %s: %s", name, strerror(errno));
    close(fd);
  }
  fclose(list);
  return loaded;
}

/* Entries of a sysfs directory whose names start with `prefix` ("" for all but . and ..). */
static int count_entries(const char *path, const char *prefix) {
  DIR *dir = opendir(path);
  if (dir == NULL) return 0;
  int n = 0;
  for (struct dirent *e; (e = readdir(dir)) != NULL;)
    if (e->d_name[0] != '.' && strncmp(e->d_name, prefix, strlen(prefix)) == 0) n++;
  closedir(dir);
  return n;
}

/*
 * virtio-serial ports the host gave this VM (the future control channel). The driver adds
 * ports from a work queue after it binds, so wait up to a second for them when a virtio
 * console device is bound but shows no port yet.
 */
static int count_virtio_ports(void) {
  int ports = count_entries("/sys/class/virtio-ports", "");
  if (count_entries("/sys/bus/virtio/drivers/virtio_console", "virtio") == 0) return ports;
  for (int i = 0; ports == 0 && i < 100; i++) {
    usleep(10000);
    ports = count_entries("/sys/class/virtio-ports", "");
  }
  return ports;
}

/* Reads a small sysfs file into buf without its trailing newline; 0 on success. */
static int read_line(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n < 0) return -1;
  buf[n] = '\0';
  buf[strcspn(buf, "\n")] = '\0';
  return 0;
}

/* Opens the virtio-serial port named PORT_NAME read-write; -1 when there is none. */
static int open_agent_port(void) {
  DIR *dir = opendir(PORT_CLASS);
  if (dir == NULL) return -1;
  int fd = -1;
  for (struct dirent *e; fd < 0 && (e = readdir(dir)) != NULL;) {
    if (e->d_name[0] == '.') continue;
    char path[512], value[256];
    snprintf(path, sizeof path, PORT_CLASS "%s/name", e->d_name);
    if (read_line(path, value, sizeof value) != 0 || strcmp(value, PORT_NAME) != 0) continue;
    char node[300];
    snprintf(node, sizeof node, "/dev/%s", e->d_name);
    fd = open(node, O_RDWR | O_NOCTTY | O_CLOEXEC);
    unsigned major, minor;
    snprintf(path, sizeof path, PORT_CLASS "%s/dev", e->d_name);
    if (fd < 0 && errno == ENOENT && read_line(path, value, sizeof value) == 0 &&
        sscanf(value, "%u:%u", &major, &minor) == 2 &&
        mknod(node, S_IFCHR | 0600, makedev(major, minor)) == 0)
      fd = open(node, O_RDWR | O_NOCTTY | O_CLOEXEC);
  }
  closedir(dir);
  return fd;
}

/*
 * Whether the host end of the port is connected. The port reports POLLHUP until the host's
 * "port open" control message arrives, which can trail the port's appearance in sysfs.
 */
static int wait_for_host(int port) {
  for (int i = 0; i < 100; i++) {
    struct pollfd p = {port, POLLOUT, 0};
    if (poll(&p, 1, 0) >= 0 && !(p.revents & (POLLHUP | POLLERR))) return 1;
    usleep(10000);
  }
  return 0;
}

/*
 * Finds the virtio disk whose serial (QEMU's `serial=`) is `serial`; writes "/dev/vdX" into
 * `node`. Returns 0 when found.
 */
static int find_disk(const char *serial, char *node, size_t size) {
  DIR *dir = opendir(BLOCK_CLASS);
  if (dir == NULL) return -1;
  int found = -1;
  for (struct dirent *e; found != 0 && (e = readdir(dir)) != NULL;) {
    if (strncmp(e->d_name, "vd", 2) != 0) continue;
    char path[512], value[64];
    snprintf(path, sizeof path, BLOCK_CLASS "%s/serial", e->d_name);
    if (read_line(path, value, sizeof value) != 0 || strcmp(value, serial) != 0) continue;
    snprintf(node, size, "/dev/%s", e->d_name);
    found = 0;
  }
  closedir(dir);
  return found;
}

/* The value of `key=` on the kernel command line, or "" (at most size-1 bytes). */
static void cmdline_value(const char *key, char *out, size_t size) {
  char line[4096];
  out[0] = '\0';
  if (read_line("/proc/cmdline", line, sizeof line) != 0) return;
  size_t klen = strlen(key);
  for (char *word = strtok(line, " "); word != NULL; word = strtok(NULL, " ")) {
    if (strncmp(word, key, klen) == 0 && word[klen] == '=') {
      snprintf(out, size, "%s", word + klen + 1);
      return;
    }
  }
}

static void write_text(const char *path, const char *fmt, ...);
static void configure_ipv6(void);

static void mount_at(const char *source, const char *target, const char *type,
                     unsigned long flags, const char *data) {
  if (mount(source, target, type, flags, data) != 0) fail(target);
}

/*
 * With the disks QEMU gives a sandbox (serials airlock-base, airlock-upper and, optionally,
 * airlock-modules), makes the image's root: the base (the image's rootfs, ext4, shared by
 * every VM, so mounted read-only) under an overlay whose upper layer is the job's own disk
 * (sized to the sandbox's diskMiB), the kernel's modules read-only at
 * /lib/modules/<release>, and the agent bound read-only at ROOT_AGENT; then moves /dev,
 * /proc and /sys into it and makes it the root (the initramfs is not needed any more).
 * Then mounts what a Debian system expects: /dev/pts, /dev/shm, /run and the cgroup2
 * hierarchy, and sets the hostname from `airlock.hostname=`. Returns 0 when it switched,
 * 1 when there is no base disk (the guest stays in its initramfs).
 */
static int switch_to_image(const char *release) {
  char base[300], upper[300], modules[300];
  if (find_disk("airlock-base", base, sizeof base) != 0) return 1;
  if (find_disk("airlock-upper", upper, sizeof upper) != 0) fail("no airlock-upper disk");
  mkdir("/base", 0755);
  mkdir("/upper", 0755);
  mkdir("/newroot", 0755);
  mount_at(base, "/base", "ext4", MS_RDONLY | MS_NODEV, "noload");
  mount_at(upper, "/upper", "ext4", MS_NODEV, NULL);
  mkdir("/upper/data", 0755);
  mkdir("/upper/work", 0755);
  mount_at("overlay", "/newroot", "overlay", 0,
           "lowerdir=/base,upperdir=/upper/data,workdir=/upper/work");
  if (find_disk("airlock-modules", modules, sizeof modules) == 0) {
    char target[512];
    snprintf(target, sizeof target, "/newroot/lib/modules/%s", release);
    mkdir("/newroot/lib", 0755); /* an image built FROM scratch may have none */
    mkdir("/newroot/lib/modules", 0755);
    mkdir(target, 0755);
    mount_at(modules, target, "ext4", MS_RDONLY | MS_NODEV | MS_NOSUID, "noload");
  }
  /* Docker's overlay2 cannot stack on the root overlay: give it a directory of the ext4. */
  if (access("/newroot" DOCKERD, X_OK) == 0) {
    mkdir("/upper/docker", 0710);
    mkdir("/newroot/var/lib/docker", 0710);
    mount_at("/upper/docker", "/newroot/var/lib/docker", NULL, MS_BIND, NULL);
  }
  mkdir("/newroot/.airlock", 0755);
  int marker = open("/newroot" ROOT_AGENT, O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
  if (marker < 0) fail(ROOT_AGENT);
  close(marker);
  mount_at(AGENT, "/newroot" ROOT_AGENT, NULL, MS_BIND, NULL);
  mount_at(NULL, "/newroot" ROOT_AGENT, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
  const char *moved[] = {"/dev", "/proc", "/sys"};
  for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++) {
    char target[64];
    snprintf(target, sizeof target, "/newroot%s", moved[i]);
    mkdir(target, 0755);
    mount_at(moved[i], target, NULL, MS_MOVE, NULL);
  }
  if (chdir("/newroot") != 0) fail("chdir /newroot");
  mount_at(".", "/", NULL, MS_MOVE, NULL);
  if (chroot(".") != 0 || chdir("/") != 0) fail("chroot");
  mount_fs("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC);
  mount("devpts", "/dev/pts", "devpts", MS_REMOUNT | MS_NOSUID | MS_NOEXEC,
        "newinstance,ptmxmode=0666,mode=0620,gid=5");
  if (symlink("pts/ptmx", "/dev/ptmx") != 0 && errno != EEXIST) fail("/dev/ptmx");
  mount_fs("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV);
  mount_fs("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV);
  mount_fs("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC);
  char name[65];
  cmdline_value("airlock.hostname", name, sizeof name);
  mkdir("/etc", 0755); /* an image built FROM scratch may have none */
  if (name[0] != '\0') {
    if (sethostname(name, strlen(name)) != 0) fail("sethostname");
    write_text("/etc/hostname", "%s\n", name);
    write_text("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
               "127.0.1.1\t%s\n", name);
  }
  return 0;
}

/* Replaces `path` with the formatted text (a file of the overlay: the image never changes). */
static void write_text(const char *path, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof text) fail(path);
  unlink(path); /* never write through a symlink the image planted */
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, text, (size_t)n) != n) fail(path);
  close(fd);
}

static void set_flags_up(int sock, const char *ifname) {
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, IFNAMSIZ, "%s", ifname);
  if (ioctl(sock, SIOCGIFFLAGS, &r) != 0) fail(ifname);
  r.ifr_flags |= IFF_UP;
  if (ioctl(sock, SIOCSIFFLAGS, &r) != 0) fail(ifname);
}

static void set_ipv4(int sock, const char *ifname, unsigned long request, const char *address) {
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, IFNAMSIZ, "%s", ifname);
  struct sockaddr_in *in = (struct sockaddr_in *)&r.ifr_addr;
  in->sin_family = AF_INET;
  if (inet_pton(AF_INET, address, &in->sin_addr) != 1) {
    errno = EINVAL;
    fail(address);
  }
  if (ioctl(sock, request, &r) != 0) fail(address);
}

/*
 * Brings up lo, and, given `airlock.net=<address>,<netmask>,<gateway>` on the kernel command
 * line, eth0 (the virtio-net NIC, whose MAC the host's anti-spoofing rules expect) with that
 * IPv4 address and a default route via the gateway, which is also the DNS forwarder
 * (written to /etc/resolv.conf). Without it the guest has loopback only.
 */
static void configure_network(int in_image) {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) fail("socket");
  set_flags_up(sock, "lo");
  char spec[128];
  cmdline_value("airlock.net", spec, sizeof spec);
  if (spec[0] == '\0') {
    close(sock);
    return;
  }
  char *netmask = strchr(spec, ',');
  char *gateway = netmask == NULL ? NULL : strchr(netmask + 1, ',');
  if (gateway == NULL) {
    errno = EINVAL;
    fail("airlock.net");
  }
  *netmask++ = '\0';
  *gateway++ = '\0';
  set_ipv4(sock, "eth0", SIOCSIFADDR, spec);
  set_ipv4(sock, "eth0", SIOCSIFNETMASK, netmask);
  set_flags_up(sock, "eth0");
  struct rtentry route;
  memset(&route, 0, sizeof route);
  struct sockaddr_in *dst = (struct sockaddr_in *)&route.rt_dst;
  struct sockaddr_in *via = (struct sockaddr_in *)&route.rt_gateway;
  struct sockaddr_in *mask = (struct sockaddr_in *)&route.rt_genmask;
  dst->sin_family = via->sin_family = mask->sin_family = AF_INET;
  inet_pton(AF_INET, gateway, &via->sin_addr);
  route.rt_flags = RTF_UP | RTF_GATEWAY;
  if (ioctl(sock, SIOCADDRT, &route) != 0) fail("default route");
  close(sock);
  configure_ipv6();
  if (in_image) write_text("/etc/resolv.conf", "nameserver %s\n", gateway);
}

/* Writes a sysctl under /proc/sys/net/ipv6/conf/eth0/. */
static void ipv6_sysctl(const char *name, const char *value) {
  char path[128];
  snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/eth0/%s", name);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, value, strlen(value)) < 0) fail(path);
  close(fd);
}

/*
 * Given `airlock.net6=<address>/<prefix>,<gateway>`: eth0's IPv6 address (no duplicate
 * address detection and no router advertisements: the host's /64 holds exactly this address
 * and its gateway) and a default route via the gateway.
 */
static void configure_ipv6(void) {
  char spec[160];
  cmdline_value("airlock.net6", spec, sizeof spec);
  if (spec[0] == '\0') return;
  char *slash = strchr(spec, '/');
  char *gateway = slash == NULL ? NULL : strchr(slash, ',');
  if (gateway == NULL) {
    errno = EINVAL;
    fail("airlock.net6");
  }
  *slash++ = '\0';
  *gateway++ = '\0';
  ipv6_sysctl("accept_dad", "0");
  ipv6_sysctl("accept_ra", "0");
  int sock = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) fail("socket6");
  struct in6_ifreq address;
  memset(&address, 0, sizeof address);
  address.ifr6_ifindex = (int)if_nametoindex("eth0");
  address.ifr6_prefixlen = (unsigned)atoi(slash);
  if (address.ifr6_ifindex == 0 || inet_pton(AF_INET6, spec, &address.ifr6_addr) != 1 ||
      ioctl(sock, SIOCSIFADDR, &address) != 0)
    fail("eth0 IPv6 address");
  struct in6_rtmsg route;
  memset(&route, 0, sizeof route);
  route.rtmsg_ifindex = address.ifr6_ifindex;
  route.rtmsg_flags = RTF_UP | RTF_GATEWAY;
  route.rtmsg_metric = 1;
  if (inet_pton(AF_INET6, gateway, &route.rtmsg_gateway) != 1 ||
      ioctl(sock, SIOCADDRT, &route) != 0)
    fail("IPv6 default route");
  close(sock);
}

/*
 * Docker on demand, for images that have dockerd: listens on /run/docker.sock (root only) and
 * forks a child that waits until a client connects, then becomes dockerd with the socket
 * handed over the systemd way (`-H fd://`, LISTEN_FDS=1, LISTEN_PID its own pid, the socket
 * at fd 3), so the client's connection is the first dockerd accepts. A job that never runs
 * `docker` never pays for dockerd. dockerd logs to /var/log/dockerd.log.
 */
static void offer_docker(void) {
  if (access(DOCKERD, X_OK) != 0) return;
  int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", DOCKER_SOCKET);
  unlink(DOCKER_SOCKET);
  if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      chmod(DOCKER_SOCKET, 0660) != 0 || listen(sock, 128) != 0)
    fail(DOCKER_SOCKET);
  pid_t activator = fork();
  if (activator < 0) fail("fork");
  if (activator == 0) {
    struct pollfd p = {sock, POLLIN, 0};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) continue;
    if (sock == 3 ? fcntl(sock, F_SETFD, 0) < 0 : dup2(sock, 3) < 0) _exit(126);
    int log = open("/var/log/dockerd.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    char pid_env[32];
    snprintf(pid_env, sizeof pid_env, "LISTEN_PID=%d", (int)getpid());
    char *argv[] = {"dockerd", "-H", "fd://", NULL};
    char *envp[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "LISTEN_FDS=1", pid_env, NULL};
    execve(DOCKERD, argv, envp);
    _exit(127);
  }
  close(sock);
}

/* Runs the agent with `port` as fd 3, reaps until it exits, then powers off. */
static void serve_agent(const char *agent_path) {
  int port = open_agent_port();
  if (port < 0) {
    say(MARKER " agent no-port");
    power_off();
  }
  if (!wait_for_host(port)) {
    say(MARKER " agent no-host");
    power_off();
  }
  pid_t agent = fork();
  if (agent < 0) fail("fork");
  if (agent == 0) {
    if (dup2(port, 3) < 0) _exit(126); /* dup2 clears FD_CLOEXEC on fd 3 */
    char *argv[] = {"airlock-agent", "--guest", NULL};
    char *envp[] = {NULL};
    execve(agent_path, argv, envp);
    _exit(127);
  }
  close(port);
  say(MARKER " agent serving");
  for (;;) {
    int status;
    pid_t pid = wait(&status);
    if (pid == agent || (pid < 0 && errno == ECHILD)) break;
  }
  say(MARKER " agent ended");
  power_off();
}

int main(int argc, char **argv) {
  if (getpid() != 1) {
    struct utsname u;
    if (argc == 2 && strcmp(argv[1], "uname") == 0 && uname(&u) == 0) {
      printf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version, u.machine);
      return 0;
    }
    fprintf(stderr, "guest-init: must run as PID 1 of a guest\n");
    return 2;
  }
  console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  mount_fs("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
  mount_fs("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC);
  mount_fs("devtmpfs", "/dev", "devtmpfs", MS_NOSUID);
  if (console < 0) console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);

  int listed = 0;
  int loaded = load_modules(&listed);
  struct utsname u;
  if (uname(&u) != 0) fail("uname");
  int devices = count_entries("/sys/bus/virtio/devices", "virtio");
  int ports = count_virtio_ports();
  int in_image = switch_to_image(u.release) == 0;
  configure_network(in_image);
  if (in_image) offer_docker();
  say(MARKER " ready %s modules=%d/%d virtio-devices=%d virtio-ports=%d root=%s", u.release,
      loaded, listed, devices, ports, in_image ? "image" : "initramfs");
  serve_agent(in_image ? ROOT_AGENT : AGENT);
  return 0;
}
