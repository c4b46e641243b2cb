"""A topic page's feedback form carries a signed token instead of a session (the public
pages keep no cookie): it says which topic the form was for, and is good for a day."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

DAY = 86400


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="topic-page-feedback")


def make(secret: str, topic: str) -> str:
    return _serializer(secret).dumps(topic)


def topic_of(secret: str, token: str) -> str | None:
    """The topic the form was made for, or None if the token is not ours or too old."""
    try:
        found = _serializer(secret).loads(token, max_age=DAY)
    except BadSignature:
        return None
    return found if isinstance(found, str) else None
