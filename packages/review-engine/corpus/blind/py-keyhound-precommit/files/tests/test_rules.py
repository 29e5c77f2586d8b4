import pytest

from keyhound.scan import scan_line

# Deliberately fake values: zeros, XXXX, and the vendors' documented examples.
CASES = [
    ("github-pat", "token = 'ghp_000000000000000000000000000000000000'"),
    ("aws-access-key", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"),
    ("slack-bot", "SLACK=xoxb-0000000000-0000000000-XXXXXXXXXXXXXXXXXXXXXXXX"),
    ("stripe-secret", "stripe.api_key = 'sk_live_XXXXXXXXXXXXXXXXXXXXXXXX'"),
    ("private-key", "-----BEGIN RSA PRIVATE KEY-----"),
]


@pytest.mark.parametrize("rule,line", CASES)
def test_rule_matches(rule, line):
    assert [f["rule"] for f in scan_line("x.py", 1, line)] == [rule]


def test_low_entropy_password_is_ignored():
    assert list(scan_line("x.py", 1, "password = 'aaaaaaaaaaaa'")) == []
