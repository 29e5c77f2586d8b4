import Foundation
import PodcastKit

// feedcheck <url>: validates a podcast RSS feed and prints the problems found.
let args = CommandLine.arguments
guard args.count == 2, let url = URL(string: args[1]) else {
    print("usage: feedcheck <feed-url>")
    exit(2)
}
let problems = try await FeedValidator().validate(url)
for problem in problems {
    print("- \(problem)")
}
print(problems.isEmpty ? "feed OK" : "\(problems.count) problem(s)")
