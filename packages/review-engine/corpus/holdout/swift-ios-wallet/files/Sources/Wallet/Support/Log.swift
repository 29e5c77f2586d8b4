import Foundation
import os

/// The app's logger: os.Logger in the app, plain print in previews and unit tests.
enum Log {
    private static let logger = Logger(subsystem: "app.pennybridge.wallet", category: "app")

    static func info(_ message: String) {
        if isRunningInPreviewOrTests {
            print("[info] \(message)")
        } else {
            logger.info("\(message, privacy: .public)")
        }
    }

    static func error(_ message: String) {
        if isRunningInPreviewOrTests {
            print("[error] \(message)")
        } else {
            logger.error("\(message, privacy: .public)")
        }
    }

    private static var isRunningInPreviewOrTests: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["XCODE_RUNNING_FOR_PREVIEWS"] == "1" || env["XCTestConfigurationFilePath"] != nil
    }
}
