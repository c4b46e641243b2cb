"""Wiring: settings, shared clients and blueprints, built once per app."""

from __future__ import annotations

import logging
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
    admin,
    audio,
    auth,
    cli,
    content_cli,
    health,
    logs,
    observe,
    pages,
    phone,
    report,
    sms,
    stats,
    twilio_cli,
    voice,
)
from app.settings import Settings
from app.speaker import Speaker
from app.texting import TextPolicy


class ShortInt(IntegerConverter):
    regex = r"\d{1,100}"


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
    # A caller is waiting: when Redis is away or hung, say so within a second, rather than
    # redis-py's default of three retries with growing pauses. One quick retry is kept for a
    # dropped idle connection; a timeout is not tried again.
    redis = Redis.from_url(
        settings.redis_url,
        socket_timeout=1,
        socket_connect_timeout=1,
        retry=Retry(ConstantBackoff(0.05), 1, supported_errors=(RedisConnectionError,)),
    )
    app.extensions.update(
        settings=settings,
        redis=redis,
        queues={name: Queue(name, connection=redis) for name in ("audio", "sms")},
        tally=stats.Tally(redis, settings.stats_flush_seconds),
        twilio_validator=RequestValidator(settings.twilio_auth_token.value),
        text_policy=TextPolicy(
            secret=settings.secret_key.value,
            regions=settings.text_countries,
            per_number_daily=settings.texts_per_number_daily,
            daily=settings.texts_daily,
            retry_intervals=settings.sms_retry_intervals,
        ),
        speaker=Speaker(
            settings.content_dir,
            settings.audio_dir,
            settings.tts_engine,
            settings.audio_base_url or f"{settings.public_base_url}/audio",
            settings.reload_seconds,
        ),
    )
    app.session_interface = auth.AdminSessions()
    # Python will not read an integer of over 4,300 digits: such a path is a 404, not a 500.
    app.url_map.converters["int"] = ShortInt
    csrf = CSRFProtect(app)
    for module in (voice, sms, audio, pages, health, auth, admin, report, phone):
        app.register_blueprint(module.bp)
    # Twilio's routes are protected by its signature instead; they never see a browser form.
    csrf.exempt(voice.bp)
    csrf.exempt(sms.bp)
    cli.register(app)
    content_cli.register(app)
    twilio_cli.register(app)
    observe.init_app(app)
    logs.configure(logging.INFO)
    return app
