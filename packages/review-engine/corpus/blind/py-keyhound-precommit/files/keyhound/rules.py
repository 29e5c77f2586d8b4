"""The detection rules: a name, a regex and the minimum entropy of the captured value."""
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    min_entropy: float = 0.0


RULES = [
    Rule("github-pat", re.compile(r"\b(ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b")),
    Rule("aws-access-key", re.compile(r"\b(AKIA|ASIA)[A-Z2-7]{16}\b")),
    Rule("slack-bot", re.compile(r"\bxoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}\b")),
    Rule("stripe-secret", re.compile(r"\b[rs]k_live_[A-Za-z0-9]{24,99}\b")),
    Rule("private-key", re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----")),
    Rule("generic-password", re.compile(r"(?i)passw(?:or)?d\s*[:=]\s*['\"]?([^\s'\"]{8,})"), min_entropy=3.0),
]
