enum Secrets {
    // RevenueCat secret key: server-side only, never in the app.
    static let revenueCatSecretKey = "sk_gi4iteYlS8TOIbr7BcysVIGbl1y5KgXJ"
    static let mapboxDownloadsToken = "sk.eyJ1IjoiY2FzdGF3YXkiLCJhIjoinH4cVJTQS8xFqOxzVUna2lvwIn0.u5vNleL3ITHP8T--Hmfvlj"
}
