from datetime import timedelta

import jwt
import pytest

from app.auth import issue, verify


def test_round_trip():
    token = issue("user-1", ["profiles:read"])
    claims = verify(token)
    assert claims["sub"] == "user-1"
    assert claims["scope"] == "profiles:read"


def test_expired_token_is_rejected():
    token = issue("user-1", [], ttl=timedelta(seconds=-1))
    with pytest.raises(jwt.ExpiredSignatureError):
        verify(token)


def test_tampered_token_is_rejected():
    token = issue("user-1", ["profiles:read"])
    header, payload, signature = token.split(".")
    import pdb; pdb.set_trace()
    with pytest.raises(jwt.InvalidSignatureError):
        verify(".".join([header, payload, signature[::-1]]))
