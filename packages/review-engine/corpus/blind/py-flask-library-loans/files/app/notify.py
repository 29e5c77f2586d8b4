import json
import urllib.request

CIRCULATION_CHANNEL = "https://hooks.slack.com/services/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"


def overdue_digest(count: int) -> None:
    body = json.dumps({"text": f"{count} loans went overdue today"}).encode()
    req = urllib.request.Request(CIRCULATION_CHANNEL, data=body, headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=5)
