import XCTest
@testable import PodcastKit

final class FeedClientTests: XCTestCase {
    let testPassword = "listener-test-password"

    func testSignInStubbed() async throws {
        let client = StubAuthClient()
        let session = try await client.signIn(email: "listener@example.test", password: testPassword)
        XCTAssertEqual(session.plan, .free)
    }
}
