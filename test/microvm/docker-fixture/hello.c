/* A static program for an image built FROM scratch inside a microVM (no network needed). */
#include <stdio.h>
int main(void) {
  puts("hello from a container built inside the microVM");
  return 0;
}
