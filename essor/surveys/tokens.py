"""The personal link e-mailed to each person asked: only its hash is stored.

The link is derived from the survey, the person and the site's secret key (an HMAC),
so a reminder can send the same link again without the link ever being stored: the
invitation and every reminder lead to the same page, and nobody reading the database
can rebuild a link without the secret key.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def new_token() -> tuple[str, str]:
    """A fresh random token and the hash to store."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def recipient_token(survey_id: int, user_id: int) -> tuple[str, str]:
    """The link token of `user_id` for `survey_id`, always the same, and its hash."""
    message = f"essor-survey-link:{survey_id}:{user_id}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    raw = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
