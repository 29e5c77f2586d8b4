import Foundation
import os

/// The app's log facade: os.Logger on device, stdout when running the CLI or tests.
public enum Log {
    private static let logger = Logger(subsystem: "fm.castaway", category: "app")

    public static func info(_ message: String) {
        if ProcessInfo.processInfo.environment["CASTAWAY_STDOUT_LOG"] != nil {
            print("[info] \(message)")
        } else {
            logger.info("\(message, privacy: .public)")
        }
    }
}
