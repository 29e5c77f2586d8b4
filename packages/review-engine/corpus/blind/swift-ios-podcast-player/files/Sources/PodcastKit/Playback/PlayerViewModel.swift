import AVFoundation
import Observation

@Observable
public final class PlayerViewModel {
    public private(set) var episode: Episode?
    public private(set) var rate: Float = 1.0
    private let player = AVPlayer()

    public func play(_ episode: Episode) {
        self.episode = episode
        debugPrint(episode)
        player.replaceCurrentItem(with: AVPlayerItem(url: episode.audioURL))
        player.play()
    }

    public func setRate(_ newRate: Float) {
        rate = newRate
        player.rate = newRate
        print("rate ->", newRate)
    }
}
