"""Wiring: settings, the shared clients and the blueprints, built once per app."""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from redis import Redis
from redis.backoff import ConstantBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry
from rq import Queue
from twilio.request_validator import RequestValidator
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app import (
    accounts,
    admin,
    ask,
    audio,
    audit,
    callbacks,
    content,
    db,
    editor,
    feedback,
    ops,
    pages,
    queues,
    recordings,
    texts,
    voice,
)
from app.audio.speaker import Speaker
from app.core.counts import Tally
from app.db.engine import database_url, make_engine
from app.department.live import LiveDepartment
from app.department.values import from_settings
from app.services import Services
from app.settings import Settings
from app.texts.policy import TextPolicy

# Each package wires itself (its blueprint, commands and request hooks): in this order, the
# one the app has always had (a package's request hooks run in the order they are added).
PACKAGES = (
    accounts,
    audit,
    content,
    ask,
    voice,
    texts,
    audio,
    editor,
    pages,
    feedback,
    ops,
    admin,
    callbacks,
)


class ShortInt(IntegerConverter):
    regex = r"\d{1,100}"


def _redis(url: str) -> Redis:
    # A caller is waiting: when Redis is away or hung, say so within a second, rather than
    # redis-py's default of three retries with growing pauses. One quick retry is kept for a
    # dropped idle connection; a timeout is not tried again.
    return Redis.from_url(
        url,
        socket_timeout=1,
        socket_connect_timeout=1,
        retry=Retry(ConstantBackoff(0.05), 1, supported_errors=(RedisConnectionError,)),
    )


def _services(settings: Settings) -> Services:
    redis = _redis(settings.redis_url)
    sms_queue = Queue(queues.SMS, connection=redis)
    return Services(
        settings=settings,
        redis=redis,
        audio_queue=Queue(queues.AUDIO, connection=redis),
        sms_queue=sms_queue,
        tally=Tally(redis, settings.stats_flush_seconds),
        validator=RequestValidator(settings.twilio_auth_token.value),
        text_policy=TextPolicy.of(settings),
        speaker=Speaker(
            settings.content_dir,
            settings.audio_dir,
            settings.tts_engine,
            settings.audio_base_url or f"{settings.public_base_url}/audio",
            settings.reload_seconds,
        ),
        department=LiveDepartment(
            from_settings(settings), redis, sms_queue, settings.reload_seconds
        ),
    )


def build(config: Mapping[str, str] | None) -> Flask:
    settings = Settings.from_env(os.environ if config is None else config)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key.value,
        MAX_CONTENT_LENGTH=64 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        SESSION_COOKIE_NAME="line_admin",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the (idle-limited) session
    )
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies
        )
    _services(settings).install(app)
    # Python will not read an integer of over 4,300 digits: such a path is a 404, not a 500.
    app.url_map.converters["int"] = ShortInt
    # The engine connects at the first query, never here: nothing on a call's path asks one
    # (a call never waits on the database), and the admin opens a session when it needs one.
    db.init_app(app, make_engine(database_url(settings.database_url or None, settings.data_dir)))
    # Before CSRF reads the form: a recording's upload may be larger than any other form,
    # only for someone signed in who may upload; anyone not signed in is answered unread.
    recordings.init_app(app)
    CSRFProtect(app)
    for package in PACKAGES:
        package.init_app(app)
    return app
