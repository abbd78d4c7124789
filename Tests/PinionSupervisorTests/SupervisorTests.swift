// Integration tests of `pinion daemon`: a real daemon process on the simulated board,
// observed the way a user observes it: status JSON, verdict files, the simulator's
// trace of pin levels, the state directory and the log.
import Foundation
import PinionTestSupport
import XCTest

final class SupervisorTests: XCTestCase {
    func testInstallRunAndSwapReleasesTheLineBeforeTheNewVersionTakesIt() throws {
        let d = try DaemonHarness("swap")
        try d.start()
        let first = try d.deliver("sensor", "1.0.0")
        XCTAssertEqual(try d.verdict(first)["verdict"] as? String, "running")
        try d.waitRunning("sensor", "1.0.0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(d.spool)/\(first)"), "an installed entry leaves the spool")

        try d.deliver("sensor", "1.1.0")
        try d.waitRunning("sensor", "1.1.0")
        // v1 drove GPIO17 high, the swap released it at its safe level, v1.1 drove it high.
        let levels = d.levels("GPIO17")
        XCTAssertEqual(levels.last, "high")
        XCTAssertTrue(levels.dropLast().contains("low"), "released at its safe level in between: \(levels)")
        let record = try String(contentsOfFile: "\(d.state)/modules/sensor/record", encoding: .utf8)
        XCTAssertTrue(record.contains("current 1.1.0"), record)
        XCTAssertEqual(d.stop(), 0)
        XCTAssertEqual(d.levels("GPIO17").last, "low", "SIGTERM drives outputs to their safe levels")
    }

    func testRejectedVersionsLeaveTheRunningOneAloneAndSayWhy() throws {
        let d = try DaemonHarness("reject", arguments: ["--memory-limit", "8M"])
        try d.start()
        try d.deliver("sensor", "1.0.0", manifestExtra: "[budgets]\nmemory = \"4M\"\n")
        try d.waitRunning("sensor", "1.0.0")

        func rejected(_ entry: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let verdict = try d.verdict(entry)
            XCTAssertEqual(verdict["verdict"] as? String, "rejected", file: file, line: line)
            XCTAssertTrue((verdict["reason"] as? String ?? "").contains(reason), "\(verdict)", file: file, line: line)
            let why = try String(contentsOfFile: "\(d.spool)/rejected/\(entry)/REASON", encoding: .utf8)
            XCTAssertTrue(why.contains(reason), why, file: file, line: line)
        }
        let corrupt: [UInt8] = [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0x01, 0x05, 0x01]
        try rejected(try d.deliver("sensor", "1.1.0", module: corrupt, entry: "corrupt"), "offset")
        try rejected(try d.deliver("sensor", "1.2.0", sha256: String(repeating: "0", count: 64), entry: "badhash"), "module.sha256")
        try rejected(try d.deliver("sensor", "0.9.0", entry: "older"), "not newer")
        try rejected(try d.deliver("sensor", "1.0.0", .trap, entry: "same"), "not newer")
        try rejected(try d.deliver("other", "1.0.0", entry: "conflict"), "GPIO17")
        try rejected(try d.deliver("big", "1.0.0", pin: "GPIO22", manifestExtra: "[budgets]\nmemory = \"6M\"\n", entry: "overbudget"), "--memory-limit")
        try rejected(try d.deliver("notsemver", "one", pin: nil, entry: "semver"), "semantic version")
        try "not a directory".write(toFile: "\(d.spool)/stray-file", atomically: true, encoding: .utf8)
        try rejected("stray-file", "not a directory")

        let sensor = try XCTUnwrap(d.module("sensor"))
        XCTAssertEqual(sensor["version"] as? String, "1.0.0")
        XCTAssertEqual(sensor["state"] as? String, "running")
        XCTAssertEqual(sensor["restarts"] as? Int, 0)
        XCTAssertNotNil(sensor["last_rejection"] as? [String: Any], "the reason shows in status")
        XCTAssertTrue(d.log.contains("rejected: "), d.log)
        XCTAssertNil(d.module("other"))
    }

    func testHiddenAndPartialNamesAreIgnored() throws {
        let d = try DaemonHarness("partial")
        try d.start()
        try d.deliver("sensor", "1.0.0", entry: "sensor.partial")
        try d.deliver("sensor", "1.0.1", entry: ".hidden")
        usleep(1_200_000)
        XCTAssertNil(d.module("sensor"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(d.spool)/sensor.partial"))
    }

    func testAVersionThatCrashesInItsHealthWindowIsRolledBackAndNotRetried() throws {
        let d = try DaemonHarness("rollback")
        try d.start()
        let quick = "[restart]\npolicy = \"on-failure\"\nhealth_window_s = 0.5\nbackoff_ms = 50\n"
        try d.deliver("sensor", "1.0.0", restart: quick)
        try d.waitRunning("sensor", "1.0.0")
        try d.waitFor("1.0.0 to be the last known good") { d.module("sensor")?["last_known_good"] as? String == "1.0.0" }

        let bad = try d.deliver("sensor", "3.0.0", .trap, restart: quick)
        try d.waitFor("the rollback") {
            d.module("sensor")?["version"] as? String == "1.0.0" && (d.module("sensor")?["failed_versions"] as? [[String: Any]])?.first?["version"] as? String == "3.0.0"
        }
        try d.waitRunning("sensor", "1.0.0")
        XCTAssertEqual(try d.verdict(bad)["verdict"] as? String, "rolled-back")
        XCTAssertTrue((d.module("sensor")?["last_error"] as? String ?? "").contains("rolled back"), "\(d.module("sensor") ?? [:])")

        let again = try d.deliver("sensor", "3.0.0", .block, restart: quick, entry: "sensor-3.0.0-again")
        XCTAssertEqual(try d.verdict(again)["verdict"] as? String, "rejected", "a rolled-back version is not retried")
        try d.deliver("sensor", "3.0.1", restart: quick)
        try d.waitRunning("sensor", "3.0.1")

        // The record survives a restart of the daemon.
        XCTAssertEqual(d.stop(), 0)
        try d.start()
        try d.waitRunning("sensor", "3.0.1")
    }

    func testAModuleThatAlwaysTrapsBacksOffThenIsMarkedFailed() throws {
        let d = try DaemonHarness("failed")
        try d.start()
        try d.deliver("flaky", "1.0.0", .trap, restart: "[restart]\npolicy = \"on-failure\"\nmax_restarts = 3\nperiod_s = 60\nbackoff_ms = 100\nmax_backoff_ms = 400\n")
        try d.waitFor("a backoff") { d.module("flaky")?["state"] as? String == "backoff" }
        try d.waitFor("the failed state", timeout: 15) { d.module("flaky")?["state"] as? String == "failed" }
        let flaky = try XCTUnwrap(d.module("flaky"))
        XCTAssertEqual(flaky["restarts"] as? Int, 3)
        XCTAssertTrue((flaky["last_error"] as? String ?? "").contains("unreachable"), "\(flaky)")
        XCTAssertTrue((flaky["last_error"] as? String ?? "").contains("gave up"), "\(flaky)")
        usleep(800_000)
        XCTAssertEqual(d.module("flaky")?["restarts"] as? Int, 3, "a failed module is left stopped")
        XCTAssertEqual(d.levels("GPIO17").last, "low", "each trap released the line at its safe level")

        // `pinion start` gives it a fresh chance; `stop` keeps it stopped.
        XCTAssertEqual(try Command.run(d.pinion, ["start", "flaky", "--state", d.state]).status, 0)
        try d.waitFor("the restart") { d.module("flaky")?["state"] as? String != "failed" }
        XCTAssertEqual(try Command.run(d.pinion, ["stop", "flaky", "--state", d.state]).status, 0)
        try d.waitFor("stopped") { d.module("flaky")?["state"] as? String == "stopped" }
        let missing = try Command.run(d.pinion, ["stop", "nosuch", "--state", d.state])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no module named 'nosuch'"), missing.stderr)
    }

    func testEndlessLoopsAndBlockedReadsDoNotDelayOtherSwaps() throws {
        let d = try DaemonHarness("isolation")
        try d.start()
        try d.deliver("spinner", "1.0.0", .spin, pin: "GPIO22")
        try d.deliver("reader", "1.0.0", .block, pin: "GPIO23")
        try d.deliver("sensor", "1.0.0")
        try d.waitRunning("spinner", "1.0.0")
        try d.waitRunning("reader", "1.0.0")
        try d.waitRunning("sensor", "1.0.0")
        let start = Date()
        try d.deliver("sensor", "2.0.0")
        try d.waitRunning("sensor", "2.0.0", timeout: 5)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
        // The spinning module itself can be swapped: the interrupt stops its loop.
        try d.deliver("spinner", "2.0.0", .block, pin: "GPIO22")
        try d.waitRunning("spinner", "2.0.0", timeout: 5)
        XCTAssertEqual(d.stop(), 0, "SIGTERM ends the daemon with every module stopped")
        for line in ["GPIO17", "GPIO22", "GPIO23"] { XCTAssertEqual(d.levels(line).last, "low", "\(line): \(d.levels(line))") }
    }

    func testSIGKILLAtAnyMomentOfASwapLosesNothing() throws {
        let d = try DaemonHarness("sigkill")
        try d.start()
        try d.deliver("sensor", "1.0.0")
        try d.waitRunning("sensor", "1.0.0")
        for round in 1...8 {
            let version = "1.\(round).0"
            try d.deliver("sensor", version)
            usleep(useconds_t(round * 7_000))  // a different moment of the swap each round
            d.stop(SIGKILL)
            try d.start()
            try d.waitRunning("sensor", version)
            let versions = try FileManager.default.contentsOfDirectory(atPath: "\(d.state)/modules/sensor/versions")
            XCTAssertFalse(versions.contains { $0.hasPrefix(".") }, "no half-installed version: \(versions)")
            XCTAssertTrue(versions.contains(version))
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(d.spool)/sensor-\(version)"))
        }
        XCTAssertEqual(d.stop(), 0)
    }
}

final class SignedVersionTests: XCTestCase {
    /// With --trusted-keys, only versions whose manifest.toml.sig was made by
    /// `ssh-keygen -Y sign -n pinion` with one of those keys are installed.
    func testOnlyVersionsSignedByATrustedKeyAreInstalled() throws {
        let keys = try Command.temporaryDirectory("keys")
        defer { try? FileManager.default.removeItem(atPath: keys) }
        for key in ["trusted", "stranger"] {
            try XCTAssertEqual(Command.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", key, "-f", "\(keys)/\(key)"]).status, 0)
        }
        let d = try DaemonHarness("signed", arguments: ["--trusted-keys", "\(keys)/trusted.pub"])
        try d.start()
        func signer(_ key: String) -> (String) throws -> Void {
            { manifest in
                let r = try Command.run("ssh-keygen", ["-Y", "sign", "-n", "pinion", "-f", "\(keys)/\(key)", manifest])
                XCTAssertEqual(r.status, 0, r.stderr)
            }
        }
        let unsigned = try d.deliver("sensor", "1.0.0", entry: "unsigned")
        XCTAssertTrue((try d.verdict(unsigned)["reason"] as? String ?? "").contains("missing"))
        let stranger = try d.deliver("sensor", "1.0.0", entry: "stranger", sign: signer("stranger"))
        XCTAssertEqual(try d.verdict(stranger)["verdict"] as? String, "rejected")
        let wrongNamespace = try d.deliver("sensor", "1.0.0", entry: "namespace") { manifest in
            try XCTAssertEqual(Command.run("ssh-keygen", ["-Y", "sign", "-n", "file", "-f", "\(keys)/trusted", manifest]).status, 0)
        }
        XCTAssertEqual(try d.verdict(wrongNamespace)["verdict"] as? String, "rejected")
        let good = try d.deliver("sensor", "1.0.0", sign: signer("trusted"))
        XCTAssertEqual(try d.verdict(good)["verdict"] as? String, "running")
        try d.waitRunning("sensor", "1.0.0")
        XCTAssertTrue(d.log.contains("signed by SHA256:"), d.log)
    }
}

final class CPUShareTests: XCTestCase {
    /// A busy loop with cpu_share = 0.25 gets about a quarter of a core; one without a
    /// share runs at full speed beside it.
    func testABusyModuleIsHeldToItsCPUShare() throws {
        let d = try DaemonHarness("cpushare")
        try d.start()
        try d.deliver("quarter", "1.0.0", .spin, pin: "GPIO22", manifestExtra: "[budgets]\ncpu_share = 0.25\n")
        try d.deliver("full", "1.0.0", .spin, pin: "GPIO23")
        try d.waitRunning("quarter", "1.0.0")
        try d.waitRunning("full", "1.0.0")
        sleep(3)
        let quarter = try XCTUnwrap(d.module("quarter")), full = try XCTUnwrap(d.module("full"))
        func ratio(_ m: [String: Any]) -> Double {
            ((m["cpu_s"] as? Double) ?? 0) / max((m["uptime_s"] as? Double) ?? 1, 0.1)
        }
        XCTAssertLessThan(ratio(quarter), 0.4, "\(quarter)")
        XCTAssertGreaterThan(ratio(quarter), 0.05, "\(quarter)")
        XCTAssertGreaterThan(ratio(full), ratio(quarter), "\(full)")
        XCTAssertEqual(d.stop(), 0)
    }
}

final class PushToDaemonTests: XCTestCase {
    /// `pinion push --wait` to the spool of a running daemon reports its verdict.
    func testPushWaitsForTheDaemonsVerdict() throws {
        let d = try DaemonHarness("push-daemon")
        try d.start()
        let r = try Command.run(d.pinion, ["push", "examples/blink/blink.toml", "--to", d.spool, "--wait", "10"], in: repositoryRoot)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("accepted, running blink 1.0.0"), r.stdout)
        let again = try Command.run(d.pinion, ["push", "examples/blink/blink.toml", "--to", d.spool, "--wait", "10"], in: repositoryRoot)
        // The identical version again (e.g. a push retried after a lost connection) is
        // already installed: acknowledged, not reinstalled.
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("accepted, installed blink 1.0.0: already installed"), again.stdout)
        XCTAssertTrue(d.log.components(separatedBy: "installed").count == 2, "installed once: \(d.log)")
    }
}
