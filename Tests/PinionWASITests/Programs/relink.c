// Symlinks that point inside when made must not be moved so that they point outside
// (issue 12, item 6). fd 3 is /sandbox; next to it on the host are outside/secret and
// outside/x. A link "sub/m9" -> "../outside/secret" points inside (to the sandbox's own
// "outside/secret", which does not exist); renamed to "m9" it would point out.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures, checks;
#define WERR(expr, code) do { __wasi_errno_t e_ = (expr); checks++; if (e_ != (code)) { failures++; printf("FAIL %d: %s = %d, want %s\n", __LINE__, #expr, e_, #code); } } while (0)
#define ESCAPE __WASI_ERRNO_PERM

int main(void) {
    // A link renamed higher up.
    WERR(__wasi_path_create_directory(3, "sub"), 0);
    WERR(__wasi_path_symlink("../outside/secret", 3, "sub/m9"), 0);
    WERR(__wasi_path_rename(3, "sub/m9", 3, "m9"), ESCAPE);
    WERR(__wasi_path_link(3, 0, "sub/m9", 3, "m9-hard"), ESCAPE);  // a hard link to the link
    WERR(__wasi_path_rename(3, "sub/m9", 3, "sub/m9-renamed"), 0);  // the same depth is fine

    // A directory holding links renamed higher up, by the same and by another descriptor.
    WERR(__wasi_path_create_directory(3, "a"), 0);
    WERR(__wasi_path_create_directory(3, "a/b"), 0);
    WERR(__wasi_path_create_directory(3, "a/b/c"), 0);
    WERR(__wasi_path_symlink("../../../outside/x", 3, "a/b/c/deep"), 0);
    WERR(__wasi_path_rename(3, "a", 3, "a2"), 0);                  // same depth
    WERR(__wasi_path_rename(3, "a2/b", 3, "b"), ESCAPE);           // deep would climb out
    __wasi_fd_t a;
    WERR(__wasi_path_open(3, 0, "a2", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &a), 0);
    WERR(__wasi_path_rename(a, "b", 3, "b"), ESCAPE);
    WERR(__wasi_path_rename(a, "b/c", 3, "a2/b/c2"), 0);           // across descriptors, same depth
    WERR(__wasi_fd_close(a), 0);

    // Links whose ".." follows a name: each part may look inside, the whole leads out.
    WERR(__wasi_path_symlink("..", 3, "sub/s"), 0);
    WERR(__wasi_path_symlink("sub/s/../../outside/secret", 3, "l2"), ESCAPE);
    WERR(__wasi_path_symlink("sub/../m", 3, "l3"), ESCAPE);

    // Legitimate links and moves still work.
    WERR(__wasi_path_symlink("../sub", 3, "a2/up"), 0);
    WERR(__wasi_path_rename(3, "a2/up", 3, "a2/b/up"), 0);          // deeper
    WERR(__wasi_path_rename(3, "sub", 3, "a2/sub"), 0);             // a directory deeper
    WERR(__wasi_path_symlink("a2/b/c2/deep", 3, "down"), 0);
    WERR(__wasi_path_symlink("./a2/./b", 3, "dot"), 0);

    printf("%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
