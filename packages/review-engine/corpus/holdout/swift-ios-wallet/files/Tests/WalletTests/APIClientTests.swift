import XCTest
@testable import Wallet

final class APIClientTests: XCTestCase {
    override func setUp() {
        super.setUp()
        URLProtocolStub.reset()
    }

    func testDecodesASuccessfulResponse() async throws {
        URLProtocolStub.respond(status: 200, json: #"{"id":"tr_1","status":"pending"}"#)
        let client = APIClient(session: URLProtocolStub.session)
        let receipt = try await client.send("transfers", method: "POST", body: Data(), as: TransferReceipt.self)
        XCTAssertEqual(receipt.id, "tr_1")
    }

    func testThrowsOnAServerError() async {
        URLProtocolStub.respond(status: 500, json: "{}")
        let client = APIClient(session: URLProtocolStub.session)
        do {
            _ = try await client.send("transfers", as: TransferReceipt.self)
            XCTFail("expected an error")
        } catch APIError.status(let code) {
            XCTAssertEqual(code, 500)
        } catch {
            XCTFail("unexpected \(error)")
        }
    }
}
