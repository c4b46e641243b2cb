"""The texting jobs rq runs (queue `sms`): a topic's link asked for in a call, and (with
Notify, whose received texts cannot be answered in the webhook's reply) an answer to a text.

Numbers arrive sealed and are never logged; the jobs never import Flask. Each text goes with
its job's id as its reference: a retry first asks the service whether an earlier try's text
went (Notify can say), and Twilio's or Notify's acceptance is never followed by anything
that could raise, so a text is never sent twice."""

from __future__ import annotations

import logging
import os
import uuid

from redis import Redis
from rq import get_current_job
from rq.job import Job

from app import redis_keys
from app.content.links import article_link
from app.content.loader import load_library
from app.content.model import ContentError
from app.content.wording import topic_text
from app.core import counts
from app.core.counts import Count
from app.privacy import unseal
from app.settings import Settings
from app.sms_values import TextKind
from app.texts.optouts import opted_out
from app.texts.providers import TextNotSent, TextRefused, already_sent, send

__all__ = ["TextNotSent", "TextRefused", "send_link", "send_reply"]
log = logging.getLogger(__name__)


def _failed_if_last_try(redis: Redis, job: Job | None) -> None:
    """A text that will not be tried again has failed: count it, like a refusal."""
    if job is None or not job.retries_left:
        counts.count_quietly(redis, Count.TEXTS_FAILED)


def _context() -> tuple[Settings, Job | None, Redis]:
    settings = Settings.from_env(os.environ)
    job = get_current_job()
    redis: Redis = job.connection if job else Redis.from_url(settings.redis_url)
    return settings, job, redis


def send_link(sealed_number: str, article_id: str, lang: str = "en") -> str:
    """Text the article's summary and link to the (sealed) number; the message's id."""
    settings, job, redis = _context()
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
    body = topic_text(article, article_link(settings.public_base_url, article.id, lang))
    sent = _send(settings, redis, job, number, body, TextKind.LINK, lang)
    # The service has the message now: nothing below may raise, or rq would send it again.
    counts.count_quietly(redis, Count.TEXTS_SENT)
    log.info("texted a link as %s", sent)  # not which topic: that is health data
    return sent


def send_reply(sealed_number: str, body: str, lang: str = "en", after_stop: bool = False) -> str:
    """Send a reply the line decided on (app.texts.inbound) to the (sealed) number. Not
    counted as sent, as Twilio's replies in TwiML are not; a failure is. `after_stop`: the
    reply that tells a number it opted out, the one text a number on the STOP list gets."""
    settings, job, redis = _context()
    number = unseal(settings.secret_key.value, sealed_number)
    if number is None:
        return "expired"
    if not after_stop and opted_out(redis, settings.secret_key.value, number):
        return "opted out"
    sent = _send(settings, redis, job, number, body, TextKind.REPLY, lang)
    log.info("texted a reply as %s", sent)
    return sent


def _send(
    settings: Settings, redis: Redis, job: Job | None, number: str, body: str, kind: str, lang: str
) -> str:
    reference = job.id if job else str(uuid.uuid4())
    try:
        first = job is None or redis.set(
            redis_keys.text_job_tried(job.id), 1, nx=True, ex=redis_keys.TEXT_JOB_SECONDS
        )
        earlier = None if first else already_sent(settings, reference)
        return earlier or send(settings, number, body, kind, lang, reference)
    except TextRefused:
        counts.count_quietly(redis, Count.TEXTS_FAILED)
        if job is not None:
            job.retries_left = 0
        raise
    except TextNotSent:
        _failed_if_last_try(redis, job)
        raise
