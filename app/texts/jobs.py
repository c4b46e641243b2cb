"""The texting job rq runs (queue `sms`): send one link through Twilio.

Numbers arrive sealed and are never logged; the job never imports Flask."""

from __future__ import annotations

import logging
import os

from redis import Redis
from rq import get_current_job
from rq.job import Job
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from app.content.links import article_link
from app.content.loader import load_library
from app.content.model import ContentError
from app.content.wording import topic_text
from app.core import counts
from app.core.counts import Count
from app.errors import LineError
from app.privacy import unseal
from app.settings import Settings
from app.texts.optouts import opted_out

log = logging.getLogger(__name__)
# twilio's HTTP client logs each request's parameters, the number included, at INFO.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)


class TextNotSent(LineError, RuntimeError):
    """Twilio did not take the message; worth trying again."""


class TextRefused(TextNotSent):
    """Twilio refused the message (4xx): trying again would not help."""


def _client(settings: Settings) -> Client:
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token.value)
    if settings.twilio_api_base_url:
        client.api.base_url = settings.twilio_api_base_url
    return client


def _failed_if_last_try(redis: Redis, job: Job | None) -> None:
    """A text that will not be tried again has failed: count it, like a refusal."""
    if job is None or not job.retries_left:
        counts.count_quietly(redis, Count.TEXTS_FAILED)


def send_link(sealed_number: str, article_id: str, lang: str = "en") -> str:
    """Text the article's summary and link to the (sealed) number; the message sid."""
    settings = Settings.from_env(os.environ)
    job = get_current_job()
    redis: Redis = job.connection if job else Redis.from_url(settings.redis_url)
    number = unseal(settings.secret_key.value, sealed_number)
    if number is None:
        return "expired"
    if opted_out(redis, settings.secret_key.value, number):
        return "opted out"  # they said STOP after asking: their word wins
    try:
        article = load_library(settings.content_dir, lang).articles.get(article_id)
    except ContentError:
        article = None
    if article is None:
        return "gone"
    base = settings.public_base_url
    sender = (
        {"messaging_service_sid": settings.twilio_messaging_service_sid}
        if settings.twilio_messaging_service_sid
        else {"from_": settings.twilio_phone_number}
    )
    try:
        message = _client(settings).messages.create(
            to=number,
            body=topic_text(article, article_link(base, article.id, lang)),
            status_callback=f"{base}/sms/status",
            **sender,
        )
    except TwilioRestException as exc:
        # Only the status and Twilio's code: its message text can quote the number.
        reason = f"Twilio answered HTTP {exc.status}, error {exc.code}"
        if 400 <= exc.status < 500 and exc.status != 429:
            counts.count_quietly(redis, Count.TEXTS_FAILED)
            if job is not None:
                job.retries_left = 0
            raise TextRefused(reason) from None
        _failed_if_last_try(redis, job)
        raise TextNotSent(reason) from None
    except (TwilioException, OSError) as exc:
        _failed_if_last_try(redis, job)
        raise TextNotSent(f"could not reach Twilio: {type(exc).__name__}") from None
    # Twilio has the message now: nothing below may raise, or rq would send it again.
    counts.count_quietly(redis, Count.TEXTS_SENT)
    log.info("texted a link as %s", message.sid)  # not which topic: that is health data
    return str(message.sid)
