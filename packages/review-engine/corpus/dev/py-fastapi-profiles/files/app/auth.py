"""Issues and verifies the profile API's access tokens (RS256)."""
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jwt

KEYS_DIR = Path(__file__).resolve().parent.parent / "keys"
PRIVATE_KEY = (KEYS_DIR / "jwt_signing.pem").read_text()
PUBLIC_KEY = (KEYS_DIR / "jwt_signing.pub.pem").read_text()
ISSUER = "https://profiles.saltmarsh.example"


def issue(subject: str, scopes: list[str], ttl: timedelta = timedelta(minutes=15)) -> str:
    now = datetime.now(timezone.utc)
    claims = {"sub": subject, "iss": ISSUER, "scope": " ".join(scopes), "iat": now, "exp": now + ttl}
    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256", headers={"kid": "profiles-2024"})


def verify(token: str) -> dict:
    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], issuer=ISSUER)
