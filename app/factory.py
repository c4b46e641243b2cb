"""Wiring: settings, shared clients and blueprints, built once per app."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from flask import Flask
from redis import Redis
from rq import Queue
from twilio.request_validator import RequestValidator
from werkzeug.middleware.proxy_fix import ProxyFix

from app import audio, cli, pages, sms, voice
from app.settings import Settings
from app.speaker import Speaker
from app.texting import TextPolicy


def build(config: Mapping[str, str] | None) -> Flask:
    settings = Settings.from_env(os.environ if config is None else config)
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key.value, MAX_CONTENT_LENGTH=64 * 1024)
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies
        )
    redis = Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    app.extensions.update(
        settings=settings,
        redis=redis,
        queues={name: Queue(name, connection=redis) for name in ("audio", "sms")},
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
            f"{settings.public_base_url}/audio",
            settings.reload_seconds,
        ),
    )
    for module in (voice, sms, audio, pages):
        app.register_blueprint(module.bp)
    cli.register(app)
    logging.basicConfig(level=logging.INFO)
    return app
