import CBeeperSetup
import Foundation

/// How much a log record matters, most severe first.
public enum BeeperSetupLogLevel: Int32, Sendable, Comparable, CustomStringConvertible {
    /// A failure: a call that ends in an error.
    case error = 1
    /// Something that may need attention: a retry, a refused TLS certificate.
    case warning
    /// What a wait sees change.
    case info
    /// Each request: method, path, status, time taken, attempt.
    case debug
    /// Everything, for debugging the library.
    case trace

    /// Orders by importance: `.error < .warning` reads "error is more severe".
    /// - Parameters:
    ///   - a: A level.
    ///   - b: Another level.
    /// - Returns: Whether `a` is more severe than `b`.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue > b.rawValue }

    /// The level's name, e.g. "debug".
    public var description: String {
        switch self {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "info"
        case .debug: return "debug"
        case .trace: return "trace"
        }
    }
}

/// The library's log records: each request (method, path, status, time taken, attempt), each
/// retry and why, each state a wait sees change, connection and TLS failures with their cause.
/// None holds a token, code or key. With no handler set, `BEEPER_LOG` (error, warn, info,
/// debug, trace) writes them to stderr.
public enum BeeperSetupLog {
    /// Receives one record, on whichever thread logged (possibly several at once).
    public typealias Handler = @Sendable (_ level: BeeperSetupLogLevel, _ message: String) -> Void

    /// Sends every record at `level` or more severe to `handler`, for the whole process; `nil`
    /// goes back to stderr by `BEEPER_LOG`. When this returns, the previous handler is not
    /// running on another thread and is never called again. A handler may call the library,
    /// this function included; records its own calls make are not passed to it.
    /// - Parameters:
    ///   - level: The least severe level passed to `handler` (default `.debug`).
    ///   - handler: Receives each record, on the thread that logged it; `nil` removes the
    ///     handler set before.
    public static func setHandler(level: BeeperSetupLogLevel = .debug, _ handler: Handler?) {
        current.update { state in
            state.version += 1
            state.handler = handler
            state.level = level
        }
        install()
    }

    private struct State {
        var handler: Handler?
        var level = BeeperSetupLogLevel.debug
        var version = 0
    }

    private static let current = Locked(State())

    /// Makes the library's callback match the handler set last: of
    /// two threads setting handlers at once, the one whose library call comes last may not be
    /// the one that set last, so each checks afterwards and installs again if it was overtaken.
    private static func install() {
        while true {
            let state = current.value
            // beeper_setup.h, beeper_log_set_callback: "when this function returns, the
            // previous callback is not running on any other thread and is never called
            // again". Records read the handler when they arrive, so a call made after the
            // handler was stored also waits for those that read the one before it.
            if state.handler == nil {
                _ = beeper_log_set_callback(nil, nil, BEEPER_LOG_OFF)
            } else {
                _ = beeper_log_set_callback(deliver, nil, state.level.rawValue)
            }
            if current.value.version == state.version { return }
        }
    }
}

/// The library's callback: hands the record to the handler set now.
private let deliver: BeeperLogCallback = { _, level, _, message in
    guard let message, let level = BeeperSetupLogLevel(rawValue: level) else { return }
    BeeperSetupLog.handlerNow()?(level, String(cString: message))
}

extension BeeperSetupLog {
    fileprivate static func handlerNow() -> Handler? { current.value.handler }
}
