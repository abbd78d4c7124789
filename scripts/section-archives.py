#!/usr/bin/env python3
"""Copies C static archives with every member's code in a section named after the member.

glibc, libm, libsodium and libstdc++ are built without function sections: each object's
code is one plain `.text`, and gold's --section-ordering-file, which matches section
names only, cannot tell one object's `.text` from another's, so scripts/startup-order.txt
could not place the C code a run uses. In the copy, member `malloc.o` of `libc.a` has its
`.text` renamed `.text.libc.a.malloc.o` (and `.text.X` to `.text.libc.a.malloc.o.X`), which
the ordering file can name. Nothing else changes: same members, same order, same symbols.

usage: section-archives.py OUT_DIR ARCHIVE...   (writes OUT_DIR/<basename of ARCHIVE>)
"""
import concurrent.futures
import os
import struct
import subprocess
import sys
import tempfile


def text_sections(path):
    """Names of the `.text` and `.text.*` sections of an ELF64 relocatable object."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return []
    endian = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(endian + "Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", data, 0x3A)
    strtab_offset, = struct.unpack_from(endian + "Q", data, shoff + shstrndx * shentsize + 0x18)
    names = []
    for i in range(shnum):
        name_offset, = struct.unpack_from(endian + "I", data, shoff + i * shentsize)
        start = strtab_offset + name_offset
        name = data[start:data.index(b"\0", start)].decode()
        if name == ".text" or name.startswith(".text."):
            names.append(name)
    return names


def rename(member_path, prefix):
    renames = []
    for name in text_sections(member_path):
        renames += ["--rename-section", f"{name}={prefix}{name[len('.text'):]}"]
    if renames:
        subprocess.run(["objcopy", *renames, member_path], check=True)


def section_archive(archive, out_dir):
    library = os.path.basename(archive)
    members = subprocess.run(["ar", "t", archive], check=True, capture_output=True,
                             text=True).stdout.split()
    if len(set(members)) != len(members):
        sys.exit(f"{archive}: members with the same name; cannot rename by member")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["ar", "x", os.path.abspath(archive)], cwd=work, check=True)
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            list(pool.map(lambda m: rename(os.path.join(work, m), f".text.{library}.{m}"), members))
        out = os.path.join(out_dir, library)
        if os.path.exists(out):
            os.remove(out)
        subprocess.run(["ar", "rcsD", os.path.abspath(out), *members], cwd=work, check=True)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    for archive in sys.argv[2:]:
        section_archive(archive, sys.argv[1])


if __name__ == "__main__":
    main()
