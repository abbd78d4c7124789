// File operations as a Rust program does them with std, in the preopen /sandbox (an
// empty host directory): create, write, append, read, seek, metadata, read_dir,
// rename, copy, remove, and the errors of failing ones. Everything is printed, so a
// differential test compares it with wasmtime line by line. The end reopens a
// directory the way newer Rust std does, with the rights fd_fdstat_get reports for the
// preopen (FD_WRITE among the inheriting ones): that must not be EISDIR.
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn fd_fdstat_get(fd: u32, out: *mut u64) -> u32;
    fn path_open(fd: u32, dirflags: u32, path: *const u8, path_len: usize, oflags: u32,
                 base: u64, inheriting: u64, fdflags: u32, out: *mut u32) -> u32;
    fn fd_close(fd: u32) -> u32;
}

/// An io::Error as its kind and raw errno (WASI's numbering), comparable across runtimes.
fn describe<T: std::fmt::Debug>(label: &str, result: std::io::Result<T>) {
    match result {
        Ok(value) => println!("{}: ok {:?}", label, value),
        Err(e) => println!("{}: error {:?} {:?}", label, e.kind(), e.raw_os_error()),
    }
}

fn list(dir: &str) {
    let mut entries: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let kind = e.file_type().unwrap();
            format!("{}{}", e.file_name().to_string_lossy(), if kind.is_dir() { "/" } else { "" })
        })
        .collect();
    entries.sort();
    println!("ls {}: {}", dir, entries.join(" "));
}

fn main() {
    describe("create_dir_all", fs::create_dir_all("/sandbox/dir/sub"));
    describe("write", fs::write("/sandbox/dir/a.txt", "hello"));
    {
        let mut f = OpenOptions::new().append(true).open("/sandbox/dir/a.txt").unwrap();
        describe("append", f.write_all(b", world\n"));
    }
    describe("read_to_string", fs::read_to_string("/sandbox/dir/a.txt"));
    {
        let mut f = File::open("/sandbox/dir/a.txt").unwrap();
        describe("seek", f.seek(SeekFrom::Start(7)));
        let mut s = String::new();
        describe("read after seek", f.read_to_string(&mut s).map(|_| s.clone()));
        describe("write to read-only", f.write(b"x"));
        describe("sync_all", f.sync_all());
        let m = f.metadata().unwrap();
        println!("metadata: len {} file {} dir {}", m.len(), m.is_file(), m.is_dir());
    }
    {
        let mut f = OpenOptions::new().read(true).write(true).create(true).open("/sandbox/dir/rw.txt").unwrap();
        describe("rw write", f.write_all(b"0123456789"));
        describe("rw seek end", f.seek(SeekFrom::End(-3)));
        let mut b = [0u8; 8];
        describe("rw read", f.read(&mut b).map(|n| String::from_utf8_lossy(&b[..n]).into_owned()));
        describe("set_len", f.set_len(4));
    }
    describe("rw.txt", fs::read_to_string("/sandbox/dir/rw.txt"));
    list("/sandbox/dir");
    describe("rename", fs::rename("/sandbox/dir/a.txt", "/sandbox/dir/sub/b.txt"));
    describe("copy", fs::copy("/sandbox/dir/sub/b.txt", "/sandbox/c.txt"));
    describe("metadata dir", fs::metadata("/sandbox/dir").map(|m| m.is_dir()));
    list("/sandbox");
    list("/sandbox/dir/sub");

    // Failures.
    describe("open missing", File::open("/sandbox/missing.txt"));
    describe("create_dir existing", fs::create_dir("/sandbox/dir"));
    describe("remove_dir non-empty", fs::remove_dir("/sandbox/dir"));
    describe("remove_file dir", fs::remove_file("/sandbox/dir"));
    describe("read_dir file", fs::read_dir("/sandbox/c.txt").map(|_| ()));
    describe("read dir as file", fs::read_to_string("/sandbox/dir"));
    describe("outside", File::open("/sandbox/../etc/passwd"));
    describe("create_new existing", OpenOptions::new().write(true).create_new(true).open("/sandbox/c.txt"));

    // Removing.
    describe("remove_file", fs::remove_file("/sandbox/dir/sub/b.txt"));
    describe("remove_dir_all", fs::remove_dir_all("/sandbox/dir"));
    list("/sandbox");

    // As newer std opens paths: with the directory's own rights.
    let mut stat = [0u64; 3];
    let e = unsafe { fd_fdstat_get(3, stat.as_mut_ptr()) };
    let (base, inheriting) = (stat[1], stat[2]);
    println!("preopen fdstat: {} base {:#x} inheriting {:#x}", e, base, inheriting);
    describe("mkdir d", fs::create_dir("/sandbox/d"));
    for (label, path, oflags, b, i) in [
        ("directory with its rights", "d", 2u32, base, inheriting),
        ("directory with inheriting as base", "d", 2, inheriting, inheriting),
        ("file with inheriting", "c.txt", 0, inheriting, inheriting),
        ("new file with inheriting", "n.txt", 1 | 8, inheriting, inheriting),
    ] {
        let mut fd = 0u32;
        let e = unsafe { path_open(3, 1, path.as_ptr(), path.len(), oflags, b, i, 0, &mut fd) };
        let mut st = [0u64; 3];
        if e == 0 {
            unsafe { fd_fdstat_get(fd, st.as_mut_ptr()); fd_close(fd); }
        }
        println!("{}: errno {} type {} base {:#x}", label, e, st[0] & 0xff, st[1]);
    }
    list("/sandbox");
}
