// A small file tool, for differential runs: each argument is a command, run in order
// against the preopen /work; results go to stdout, errors (with strerror) to stderr,
// and the exit code counts the failures. Commands: ls:DIR cat:FILE put:FILE=TEXT
// append:FILE=TEXT cp:FROM>TO mv:FROM>TO rm:FILE mkdir:DIR rmdir:DIR ln:TARGET>LINK
// stat:PATH tree:DIR
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void fail(const char *command, const char *path) {
    fprintf(stderr, "%s %s: %s\n", command, path, strerror(errno));
    failures++;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *kind(mode_t mode) {
    return S_ISDIR(mode) ? "dir" : S_ISLNK(mode) ? "link" : S_ISREG(mode) ? "file" : "other";
}

static void list(const char *dir, int recursive) {
    DIR *d = opendir(dir);
    if (!d) { fail("ls", dir); return; }
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (lstat(path, &st) != 0) { fail("lstat", path); continue; }
        printf("%s %s %lld\n", kind(st.st_mode), path, S_ISREG(st.st_mode) ? (long long)st.st_size : 0LL);
        if (recursive && S_ISDIR(st.st_mode)) list(path, 1);
        free(names[i]);
    }
}

static void copy(const char *from, const char *to) {
    int in = open(from, O_RDONLY);
    if (in < 0) { fail("cp", from); return; }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) { fail("cp", to); close(in); return; }
    char buf[4096];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, n) != n) { fail("cp", to); break; }
    }
    close(in);
    close(out);
}

int main(int argc, char **argv) {
    if (chdir("/work") != 0) { fail("chdir", "/work"); return 100; }
    for (int i = 1; i < argc; i++) {
        char *command = argv[i], *arg = strchr(command, ':');
        if (!arg) continue;
        *arg++ = 0;
        char *second = strpbrk(arg, "=>");
        if (second) *second++ = 0;
        printf("$ %s %s%s%s\n", command, arg, second ? " " : "", second ? second : "");
        if (!strcmp(command, "ls")) list(arg, 0);
        else if (!strcmp(command, "tree")) list(arg, 1);
        else if (!strcmp(command, "cat")) {
            FILE *f = fopen(arg, "r");
            if (!f) { fail("cat", arg); continue; }
            int c;
            while ((c = fgetc(f)) != EOF) putchar(c);
            putchar('\n');
            fclose(f);
        } else if (!strcmp(command, "put") || !strcmp(command, "append")) {
            FILE *f = fopen(arg, command[0] == 'p' ? "w" : "a");
            if (!f) { fail(command, arg); continue; }
            fputs(second ? second : "", f);
            fclose(f);
        } else if (!strcmp(command, "cp")) copy(arg, second ? second : "");
        else if (!strcmp(command, "mv")) { if (rename(arg, second ? second : "") != 0) fail("mv", arg); }
        else if (!strcmp(command, "rm")) { if (unlink(arg) != 0) fail("rm", arg); }
        else if (!strcmp(command, "mkdir")) { if (mkdir(arg, 0755) != 0) fail("mkdir", arg); }
        else if (!strcmp(command, "rmdir")) { if (rmdir(arg) != 0) fail("rmdir", arg); }
        else if (!strcmp(command, "ln")) { if (symlink(arg, second ? second : "") != 0) fail("ln", arg); }
        else if (!strcmp(command, "stat")) {
            struct stat st;
            if (stat(arg, &st) != 0) { fail("stat", arg); continue; }
            printf("%s size=%lld nlink=%lld\n", kind(st.st_mode), (long long)st.st_size, (long long)st.st_nlink);
        }
    }
    fflush(stdout);
    return failures;
}
