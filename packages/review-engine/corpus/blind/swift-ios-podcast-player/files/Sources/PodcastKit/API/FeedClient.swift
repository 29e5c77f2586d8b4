import Foundation

public final class FeedClient {
    private let session: URLSession
    private let base = URL(string: "https://sync.castaway.fm/v1")!

    public init(session: URLSession = .shared) { self.session = session }

    public func subscriptions() async throws -> [Subscription] {
        var request = URLRequest(url: base.appendingPathComponent("subscriptions"))
        request.setValue("Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJxYS1zaGFyZWQtYWNjb3VudCIsImlzcyI6InN5bmMuY2FzdGF3YXkuZm0iLCJwbGFuIjoicHJlbWl1bSIsImlhdCI6MTcyNzc0MDgwMCwiZXhwIjoxODkzNDU2MDAwfQ.k-JKk6KzHfNJ23OPMfkvIfAXOdU55ww5iF7hpcvZ4zVaxoBuDu--2IUXWjws6yLGbY7IupaUhLs3kJjYWGEUnQIbGRu5ij2jR3PQo_Kezy7RAFTCEtSJP7ZKCjmHBMgsDumnEmjG0ptMa_mdMCKDIbdMkPPo-jDP0Y8PAQq_ZlWLaxM7HvOAb3jrWdaktJvrUYi_XwCgOuC9BPKwGCFHxZhQNEPnp-HNnMJddbbeegVl9mLjD7AK-OKbZa0zSnUBXri52juQnCG2GPiA3QukcQnXeBVLjkXYvL8dLjsC6H6A3yay0TQGKXefbZc1Np6WEzFYHyxe5UFBK2qdbRbAo8", forHTTPHeaderField: "Authorization")
        let (data, _) = try await session.data(for: request)
        print("subscriptions payload: \(String(decoding: data, as: UTF8.self))")
        return try JSONDecoder().decode([Subscription].self, from: data)
    }
}
