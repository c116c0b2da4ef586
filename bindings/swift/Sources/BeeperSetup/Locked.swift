import Foundation

/// A value behind a lock, for state shared by every thread of the process (the log handler).
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: the value is only reached with the lock held.
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }

    func update<R>(_ body: (inout Value) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(&stored)
    }
}
