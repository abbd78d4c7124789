// PinionRuntime: linear memory. Software bounds checks, no address-space reservation,
// so it works the same on 32-bit armv7 and 64-bit hosts.
import PinionBinary

/// The raw state of one linear memory. The interpreter caches `base` and `byteCount`
/// and reloads them after anything that can grow the memory.
@usableFromInline
struct MemoryStorage {
    var base: UnsafeMutableRawPointer
    var byteCount: Int
    /// Largest page count allowed: the smallest of the module's maximum, the budget and 4 GiB.
    var maxPages: UInt32
    /// log2 of the page size (16, or 0 for one-byte pages).
    var pageShift: UInt32
    /// The declared maximum, for import matching.
    var declaredMax: UInt32?
    /// The defining instance's budget account (kept alive by `Memory.account`); nil for
    /// memories an embedder makes.
    var account: Unmanaged<MemoryAccount>?

    /// Current size in pages.
    var pageCount: UInt32 { UInt32(truncatingIfNeeded: byteCount >> Int(pageShift)) }
}

/// A linear memory. Shared by every instance that imports it.
public final class Memory: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutablePointer<MemoryStorage>
    /// The budget this memory's pages are charged to, if any.
    let account: MemoryAccount?

    /// Creates a zeroed memory of `type.limits.min` pages, growable to the smaller of the
    /// type's maximum and `budgetBytes`, its pages charged to `account`. Returns nil when
    /// the account or the host cannot provide them.
    init?(type: MemoryType, budgetBytes: UInt64, account: MemoryAccount? = nil) {
        let shift = type.pageSizeLog2
        let bytes = Int(type.limits.min) << Int(shift)
        if let account, !account.charge(UInt64(bytes)) { return nil }
        guard let base = calloc(max(bytes, 1), 1) else {
            account?.refund(UInt64(bytes))
            return nil
        }
        storage = .allocate(capacity: 1)
        storage.initialize(to: MemoryStorage(
            base: base, byteCount: bytes,
            maxPages: UInt32(min(UInt64(type.limits.max ?? .max), budgetBytes >> UInt64(shift),
                                 (UInt64(1) << (32 - UInt64(shift))) - (shift == 0 ? 1 : 0))),
            pageShift: shift, declaredMax: type.limits.max, account: account?.unmanaged))
        self.account = account
    }

    /// Creates a standalone memory (for embedders providing imports).
    public convenience init?(limits: Limits, budgetPages: UInt32 = 65536) {
        self.init(type: MemoryType(limits: limits), budgetBytes: UInt64(budgetPages) << 16)
    }

    deinit {
        free(storage.pointee.base)
        storage.deallocate()
    }

    /// Current size in pages (64 KiB unless the module chose another page size).
    public var pageCount: UInt32 { storage.pointee.pageCount }
    /// Current size in bytes.
    public var byteCount: Int { storage.pointee.byteCount }
    /// The memory's type as seen by import matching (current size as minimum).
    public var type: MemoryType {
        MemoryType(limits: Limits(min: pageCount, max: storage.pointee.declaredMax), pageSizeLog2: storage.pointee.pageShift)
    }

    /// Grows by `delta` pages. Returns the old page count, or nil when the maximum
    /// or budget would be exceeded or the host is out of memory.
    public func grow(by delta: UInt32) -> UInt32? {
        Memory.grow(storage, by: delta)
    }

    @usableFromInline
    static func grow(_ storage: UnsafeMutablePointer<MemoryStorage>, by delta: UInt32) -> UInt32? {
        let old = storage.pointee.pageCount
        let shift = Int(storage.pointee.pageShift)
        let (new, overflow) = old.addingReportingOverflow(delta)
        guard !overflow, new <= storage.pointee.maxPages else { return nil }
        if delta == 0 { return old }
        let newBytes = Int(new) << shift
        let added = UInt64(delta) << UInt64(shift)
        if let account = storage.pointee.account, !account.takeUnretainedValue().charge(added) { return nil }
        guard newBytes > 0, let grown = realloc(storage.pointee.base, newBytes) else {
            storage.pointee.account?.takeUnretainedValue().refund(added)
            return nil
        }
        let oldBytes = storage.pointee.byteCount
        memset(grown + oldBytes, 0, newBytes - oldBytes)
        storage.pointee.base = grown
        storage.pointee.byteCount = newBytes
        return old
    }

    /// A bounds-checked view of the memory's current bytes.
    public var view: MemoryView { MemoryView(storage: storage) }
}

/// Bounds-checked access to a linear memory, for host functions and embedders.
/// Valid until the memory grows; take a new view after any call into the module.
public struct MemoryView {
    @usableFromInline let storage: UnsafeMutablePointer<MemoryStorage>

    @usableFromInline init(storage: UnsafeMutablePointer<MemoryStorage>) { self.storage = storage }

    public var byteCount: Int { storage.pointee.byteCount }

    /// The bytes at `address..<address+count`, or a trap if any lies outside the memory.
    public func bytes(at address: UInt32, count: UInt32) throws(Trap) -> UnsafeMutableRawBufferPointer {
        guard UInt64(address) + UInt64(count) <= UInt64(storage.pointee.byteCount) else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        return UnsafeMutableRawBufferPointer(start: storage.pointee.base + Int(address), count: Int(count))
    }

    public func load<T: FixedWidthInteger>(_ type: T.Type = T.self, at address: UInt32) throws(Trap) -> T {
        let b = try bytes(at: address, count: UInt32(MemoryLayout<T>.size))
        return T(littleEndian: b.baseAddress!.loadUnaligned(as: T.self))
    }

    public func store<T: FixedWidthInteger>(_ value: T, at address: UInt32) throws(Trap) {
        let b = try bytes(at: address, count: UInt32(MemoryLayout<T>.size))
        b.baseAddress!.storeBytes(of: value.littleEndian, as: T.self)
    }

    /// Copies bytes out of memory.
    public func read(at address: UInt32, count: UInt32) throws(Trap) -> [UInt8] {
        Array(try bytes(at: address, count: count))
    }

    /// Copies bytes into memory.
    public func write(_ data: some Collection<UInt8>, at address: UInt32) throws(Trap) {
        let b = try bytes(at: address, count: UInt32(truncatingIfNeeded: data.count))
        guard data.count <= UInt32.max else { throw Trap(.outOfBoundsMemoryAccess) }
        b.copyBytes(from: data)
    }
}
