import Foundation

enum APIError: Error {
    case status(Int)
    case decoding(Error)
}

final class APIClient {
    static let shared = APIClient()

    private let session: URLSession
    private let baseURL = URL(string: "https://api.pennybridge.app/v1/")!
    private let clientId = "ios-wallet"
    private let clientSecret = "Rk5vTq8Wz2Lm9Xc4Nb7Hs1Pd"

    init(session: URLSession = .shared) {
        self.session = session
    }

    func send<T: Decodable>(_ path: String, method: String = "GET", body: Data? = nil, as type: T.Type) async throws -> T {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(clientId, forHTTPHeaderField: "X-Client-Id")
        request.setValue(clientSecret, forHTTPHeaderField: "X-Client-Secret")
        let (data, response) = try await session.data(for: request)
        print("response for \(path): \(String(data: data, encoding: .utf8) ?? "")")
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw APIError.status((response as? HTTPURLResponse)?.statusCode ?? -1)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw APIError.decoding(error)
        }
    }
}
