/**
 * C source of a tiny static TCP tool for the job-image tests: `serve PORT` prints a line and
 * answers every connection with `$GREETING` (the service); `ask HOST PORT` connects, prints
 * the answer (the job's client, as the job image has no nc); `fail` prints a line and exits 3
 * (a service that does not start).
 */
export const tcpGreeterSource = String.raw`
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>

static int ask(const char *host, const char *port) {
  struct addrinfo hints = {0}, *res;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &res) != 0) { fprintf(stderr, "cannot resolve %s\n", host); return 2; }
  int fd = socket(res->ai_family, SOCK_STREAM, 0);
  if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) { perror("connect"); return 3; }
  char buf[256]; ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) fwrite(buf, 1, (size_t)n, stdout);
  return 0;
}

static int serve(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET; a.sin_port = htons((unsigned short)port); a.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0) { perror("bind"); return 4; }
  printf("greeter listening on %d\n", port); fflush(stdout);
  const char *greeting = getenv("GREETING");
  for (;;) {
    int c = accept(fd, 0, 0);
    if (c < 0) continue;
    dprintf(c, "%s\n", greeting ? greeting : "no GREETING");
    close(c);
  }
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "ask") == 0) return ask(argv[2], argv[3]);
  if (argc == 3 && strcmp(argv[1], "serve") == 0) return serve(atoi(argv[2]));
  printf("greeter failing on purpose\n"); fflush(stdout);
  return 3;
}
`;
