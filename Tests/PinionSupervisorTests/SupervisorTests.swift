// Integration tests of `pinion daemon` and `pinion push`.
import XCTest
