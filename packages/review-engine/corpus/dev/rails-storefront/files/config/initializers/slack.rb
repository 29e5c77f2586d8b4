# Order alerts in #shop-ops.
Rails.application.config.x.slack_notifier = Slack::Notifier.new(
  "https://hooks.slack.com/services/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",
  channel: "#shop-ops",
  username: "storefront"
)
