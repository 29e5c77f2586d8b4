import XCTest
@testable import Tempo

@MainActor
final class TimerModelTests: XCTestCase {
    func testStartsRunning() {
        let model = TimerModel()
        model.start()
        XCTAssertTrue(model.isRunning)
        model.stop()
        XCTAssertFalse(model.isRunning)
    }

    func testStartsWithTwentyFiveMinutes() {
        XCTAssertEqual(TimerModel().remaining, 25 * 60)
    }
}
