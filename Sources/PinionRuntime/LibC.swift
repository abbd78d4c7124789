// PinionRuntime: the few C library calls the engine needs (allocation), on glibc or musl.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#endif
