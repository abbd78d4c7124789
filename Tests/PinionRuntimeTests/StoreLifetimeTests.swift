// PinionRuntimeTests: a store, its instances and their memories are freed when the
// embedder closes the store and lets go of it. Found by fuzz-execute (its RSS grew by ~77 KB per
// input): every exported or defined function holds its store strongly
// (`Function.store`) while the store holds the instance that holds the functions, so
// nothing in a store with a wasm function was ever freed. Under `pinion daemon` every
// restart and hot-swap would keep the old instance's whole linear memory. The cycle is
// broken by `Store.close()` (the daemon closes each run's store); without it the
// instance still lives as long as its functions, which tests that keep only an instance
// rely on.
import XCTest
import PinionRuntime
import PinionValidation
import PinionTestSupport

final class StoreLifetimeTests: XCTestCase {
    func testAStoreWithAnInstanceIsFreedWithItsMemory() throws {
        let module = try ValidatedModule.load(try WAT.binary("""
        (module (memory (export "memory") 1) (func (export "f") (result i32) (i32.const 7)))
        """))
        weak var weakStore: Store?
        weak var weakInstance: Instance?
        weak var weakMemory: Memory?
        do {
            let store = Store()
            let instance = try store.instantiate(module)
            XCTAssertEqual(try instance.invoke("f"), [.i32(7)])
            weakStore = store
            weakInstance = instance
            weakMemory = instance.memory
            store.close()
        }
        XCTAssertNil(weakMemory, "the instance's linear memory outlives every reference to its store")
        XCTAssertNil(weakInstance, "the instance outlives every reference to its store")
        XCTAssertNil(weakStore, "the store is kept alive by its own functions")
    }
}
