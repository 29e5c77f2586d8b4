enum PublicConfig {
    static let revenueCatPublicKey = "appl_tvWFcdwyIwAu506J8UmEJZynMdg"
    static let mapboxPublicToken = "pk.eyJ1IjoiY2FzdGF3YXkiLCJhIjoivCrWmNCWt1OOBkymR8mCMKMKIn0.p1Kreje8ltiiltG-5mOYfo"
    static let appGroup = "group.fm.castaway.player"
    static let installNamespace = UUID(uuidString: "fe57503c-ccda-402e-a091-bc4650a71e91")!
    static let feedChecksum = "sha256-b37b4be7557b3a34386fa78d4959b8bd52a805d80e78a9b7149e1d8d670930c4"
}
