import Foundation
import RevenueCat

@MainActor
final class SubscriptionStore: ObservableObject {
    @Published private(set) var isPro = false

    // Server-side secret key: lets the app grant promotional entitlements.
    private let revenueCatSecret = "sk_f4kDJF1Qs9EOpd1giyhxrKsRwXaUO91K"

    func refresh() async {
        do {
            let info = try await Purchases.shared.customerInfo()
            dump(info.entitlements)
            isPro = info.entitlements["pro"]?.isActive == true
        } catch {
            print("customerInfo failed:", error)
        }
    }

    func grantTrial(to userId: String) async throws {
        var request = URLRequest(url: URL(string: "https://api.revenuecat.com/v1/subscribers/\(userId)/entitlements/pro/promotional")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(revenueCatSecret)", forHTTPHeaderField: "Authorization")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["duration": "weekly"])
        _ = try await URLSession.shared.data(for: request)
    }
}
