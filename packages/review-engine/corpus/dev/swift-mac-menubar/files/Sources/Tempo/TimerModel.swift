import Foundation

@MainActor
final class TimerModel: ObservableObject {
    @Published var remaining: TimeInterval = 25 * 60
    @Published var isRunning = false
    private var timer: Timer?

    func start() {
        isRunning = true
        timer = Timer.scheduledTimer(withTimeInterval: 1, repeats: true) { [weak self] _ in
            Task { @MainActor in self?.tick() }
        }
    }

    func stop() {
        timer?.invalidate()
        isRunning = false
    }

    private func tick() {
        remaining -= 1
        if remaining <= 0 {
            stop()
            remaining = 25 * 60
            NotificationCenter.default.post(name: .focusSessionFinished, object: nil)
        }
    }
}

extension Notification.Name {
    static let focusSessionFinished = Notification.Name("focusSessionFinished")
}
