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
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app import admin, queues
from app.accounts import cli as users_cli
from app.accounts.models import User
from app.admin import identity
from app.admin.sessions import AdminSessions
from app.audio import cli as audio_cli
from app.audio import views as audio_views
from app.audio.speaker import Speaker
from app.audit import cli as audit_cli
from app.content import cli as content_cli
from app.content.links import article_path
from app.db import cli as db_cli
from app.db import session as db
from app.db.engine import database_url, make_engine
from app.editor import cli as editor_cli
from app.feedback import prune as feedback_prune
from app.feedback import views as feedback
from app.ops import cli as ops_cli
from app.ops import health, logs, requests
from app.ops.counts import Tally
from app.pages import markdown
from app.pages import views as pages
from app.recordings.views import recording_uploads
from app.services import Services
from app.settings import Settings
from app.texts import views as texts
from app.texts.policy import TextPolicy
from app.voice import cli as voice_cli
from app.voice import views as voice

_log = logging.getLogger(__name__)


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
    app.jinja_env.filters["markdown"] = markdown.to_html
    # Before CSRF reads the form: a recording's upload may be larger than any other form,
    # only for someone signed in who may upload; anyone not signed in is answered unread.
    app.before_request(recording_uploads)
    csrf = CSRFProtect(app)
    blueprints = (voice.bp, texts.bp, audio_views.bp, pages.bp, feedback.bp, health.bp,
                  admin.blueprint())  # fmt: skip
    for bp in blueprints:
        app.register_blueprint(bp)
    # Twilio's routes are protected by its signature instead; they never see a browser form.
    csrf.exempt(voice.bp)
    csrf.exempt(texts.bp)
    # The public pages keep no session: a topic page's form carries a signed token instead.
    csrf.exempt(feedback.bp)
    for group in (audio_cli.audio_cli, content_cli.content_cli, ops_cli.twilio_cli,
                  voice_cli.voice_cli):  # fmt: skip
        app.cli.add_command(group)
    app.config["AUDIT_RETENTION_DAYS"] = settings.audit_retention_days
    # The engine connects at the first query, never here: nothing on a call's path asks one
    # (a call never waits on the database), and the admin opens a session when it needs one.
    engine = make_engine(database_url(settings.database_url or None, settings.data_dir))
    db.init_app(app, engine)
    identity.init_app(app)
    db_cli.register(app)
    users_cli.register(app, db.new_session)
    audit_cli.register(app, db.new_session)
    editor_cli.register(app)
    feedback_prune.register(app)
    requests.init_app(app)
    logs.configure(logging.INFO)
    if settings.old_admin_password_set:
        _say_how_to_make_the_first_account(app)
    return app


def _say_how_to_make_the_first_account(app: Flask) -> None:
    """ADMIN_PASSWORD is still set: it opens nothing now, so say what does, once at start."""
    try:
        with db.new_session(app) as session:
            nobody = session.scalar(select(User.id).limit(1)) is None
    except SQLAlchemyError:
        nobody = True  # not migrated yet, or not reachable: the advice is the same
    if nobody:
        _log.warning(
            "ADMIN_PASSWORD and ADMIN_PASSWORD_HASH no longer open the admin: everyone signs "
            "in with their own account. Create the first admin with `flask --app app db "
            "upgrade`, then `flask --app app users create EMAIL --name NAME --role admin`, "
            "and remove ADMIN_PASSWORD and ADMIN_PASSWORD_HASH from the settings."
        )
