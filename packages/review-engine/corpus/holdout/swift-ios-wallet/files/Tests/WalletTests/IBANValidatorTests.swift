import XCTest
@testable import Wallet

final class IBANValidatorTests: XCTestCase {
    func testAcceptsAValidGermanIBAN() {
        XCTAssertTrue(IBANValidator.isValid("DE89 3704 0044 0532 0130 00"))
    }

    func testRejectsAWrongChecksum() {
        XCTAssertFalse(IBANValidator.isValid("DE89 3704 0044 0532 0130 01"))
    }

    func testRejectsGarbage() {
        XCTAssertFalse(IBANValidator.isValid("not an iban"))
    }
}
