import Foundation
import Observation

@Observable
final class TransferViewModel {
    var amount: Decimal = 0
    var recipientIBAN = ""
    var isSending = false
    var errorMessage: String?

    private let api: APIClient

    init(api: APIClient = .shared) {
        self.api = api
    }

    var canSend: Bool {
        amount > 0 && IBANValidator.isValid(recipientIBAN) && !isSending
    }

    @MainActor
    func send() async {
        isSending = true
        defer { isSending = false }
        let transfer = TransferRequest(amount: amount, currency: "EUR", iban: recipientIBAN)
        debugPrint(transfer)
        do {
            let body = try JSONEncoder().encode(transfer)
            _ = try await api.send("transfers", method: "POST", body: body, as: TransferReceipt.self)
        } catch {
            errorMessage = String(localized: "transfer.failed")
        }
    }
}
