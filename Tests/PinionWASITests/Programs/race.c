// Opens and reads race/secret.txt in a loop while the test swaps "race" between a real
// directory and a symlink to a directory outside the preopen. Prints how often it read
// the outside file's contents (must be 0) and how often the inside one.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int outside = 0, inside = 0;
    for (int i = 0; i < 3000; i++) {
        int fd = open("/sandbox/race/secret.txt", O_RDONLY);
        if (fd < 0) continue;
        char buf[16] = {0};
        read(fd, buf, sizeof buf - 1);
        close(fd);
        if (strncmp(buf, "SECRET", 6) == 0) outside++;
        if (strncmp(buf, "inside", 6) == 0) inside++;
    }
    printf("outside=%d inside=%d\n", outside, inside);
    return 0;
}
