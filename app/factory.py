"""Wiring: settings, the shared clients and the blueprints, built once per app."""

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

from app import admin, queues
from app.admin.sessions import AdminSessions
from app.audio import cli as audio_cli
from app.audio import views as audio_views
from app.audio.speaker import Speaker
from app.content import cli as content_cli
from app.content.links import article_path
from app.ops import cli as ops_cli
from app.ops import health, logs, requests
from app.ops.counts import Tally
from app.pages import views as pages
from app.services import Services
from app.settings import Settings
from app.texts import views as texts
from app.texts.policy import TextPolicy
from app.voice import cli as voice_cli
from app.voice import views as voice


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
    return Services(
        settings=settings,
        redis=redis,
        audio_queue=Queue(queues.AUDIO, connection=redis),
        sms_queue=Queue(queues.SMS, connection=redis),
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
    app.session_interface = AdminSessions()
    # Python will not read an integer of over 4,300 digits: such a path is a 404, not a 500.
    app.url_map.converters["int"] = ShortInt
    app.jinja_env.globals["article_path"] = article_path
    csrf = CSRFProtect(app)
    for bp in (voice.bp, texts.bp, audio_views.bp, pages.bp, health.bp, admin.blueprint()):
        app.register_blueprint(bp)
    # Twilio's routes are protected by its signature instead; they never see a browser form.
    csrf.exempt(voice.bp)
    csrf.exempt(texts.bp)
    for group in (audio_cli.audio_cli, content_cli.content_cli, ops_cli.twilio_cli,
                  voice_cli.voice_cli):  # fmt: skip
        app.cli.add_command(group)
    requests.init_app(app)
    logs.configure(logging.INFO)
    return app
