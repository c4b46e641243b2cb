"""Random, huge, Unicode and missing fields: every route answers, and never with a 500.

Twilio's requests are signed as Twilio signs them (the URL the line gave it, then the form),
so they get past the signature check and reach the views. A caller must always hear
something and never be left in silence; a texter gets a plain reply; an admin gets a page,
a redirect or a 4xx."""

from __future__ import annotations

import datetime as dt
import json
import logging
import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode, urlsplit

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from twilio.request_validator import RequestValidator

from app import create_app
from app.accounts.models import User
from app.content.wording import is_gsm7, segments
from app.db.session import new_session
from app.queues import AUDIO, SEND_LINK, SEND_REPLY, SMS
from tests.support.admin import PASSWORD, Person, add_person, fresh_code, signed_in
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import ABROAD, LANDLINE, MOBILE
from tests.support.queues import queue, waiting
from tests.support.simulator import voice_schema

LIMIT = 64 * 1024  # MAX_CONTENT_LENGTH
FORM = "application/x-www-form-urlencoded"
HOST = urlsplit(BASE_URL).netloc
SAY_LANGUAGES = ("en-GB", "cy-GB", "pl-PL")
TIDY = dict(
    deadline=None,
    database=None,  # nothing written into the working tree; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What arrives in a field: keys and words the line knows, any Unicode (control characters
# included), and very long values, some of which push the body past the 64 KB limit.
KNOWN = st.sampled_from(
    ["", " ", "1", "5", "9", "0", "*", "#", "7", "8", "4", "6", "12", "\u0663", "\uff11",
     "results", "main menu", "say that again", "text", "help", "slower", "Cymraeg", "POLSKI",
     "STOP", "start", "menu", "?", "\x00", "\r\n", "\U0001f600" * 3]
)  # fmt: skip
CHAOS = st.text(max_size=40)
# Any character a UTF-8 form can carry: not a lone surrogate ("\ud800"), which no request can
# hold and which st.characters() alone sometimes gives (the test's own urlencode then fails).
HUGE = st.builds(lambda ch, n: ch * n, st.characters(codec="utf-8"), st.integers(1_000, 30_000))
VALUE = st.one_of(KNOWN, CHAOS, HUGE)
NUMBER = st.one_of(
    st.sampled_from([MOBILE, LANDLINE, ABROAD, "anonymous", "", "+44", "client:Anonymous"]),
    CHAOS,
)
JUNK = st.dictionaries(CHAOS, st.one_of(CHAOS, HUGE), max_size=3)
IDS = st.one_of(
    st.sampled_from(["main", "your-results", "going-for-a-scan", "introductory-video"]),
    # No "/": an id with a slash is a path of another shape, with no route.
    st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s),
)
# A back address as the line writes one. Control characters, ".." and "/voicemail", which
# voice.py echoes unchecked, are left to test_a_back_address_is_checked_before_twilio_follows_it.
BACK = st.one_of(
    st.builds(lambda s: "/voice" + s, st.sampled_from(["", "/", "?"])),
    st.builds(lambda s: "/voice/" + s, st.text(alphabet="abcdefghijklmnopqrstuvwxyz/-?=&1")),
    CHAOS.filter(lambda s: not s.startswith("/voice")),
)


def _with_junk(known: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict[str, str]]:
    """Known fields, each present or missing, plus keys nobody expects."""
    return st.builds(lambda j, k: {**j, **k}, JUNK, st.fixed_dictionaries({}, optional=known))


VOICE_FORM = _with_junk(
    {
        "Digits": VALUE,
        "SpeechResult": VALUE,
        "Confidence": st.one_of(st.sampled_from(["0.9", "0", "-1", "NaN"]), CHAOS),
        "From": NUMBER,
        "To": NUMBER,
        "Called": NUMBER,
        "Caller": NUMBER,
        "CallSid": st.one_of(st.just("CA" + "1" * 32), CHAOS, HUGE),
        "AccountSid": st.one_of(st.just("AC" + "0" * 32), CHAOS),
        "CallStatus": st.one_of(st.sampled_from(["in-progress", "completed"]), CHAOS),
        "DialCallStatus": st.one_of(st.sampled_from(["completed", "busy", "no-answer"]), CHAOS),
    }
)
VOICE_QUERY = _with_junk(
    {
        "lang": st.one_of(st.sampled_from(["en", "cy", "pl", "fr", "CY", ""]), CHAOS),
        "slow": st.one_of(st.sampled_from(["1", "0", "true"]), CHAOS),
        "attempt": st.one_of(
            st.integers(-(10**6), 10**40).map(str), st.sampled_from(["9" * 5000, "1e3"]), CHAOS
        ),
        "back": BACK,
        "recovered": st.sampled_from(["1", ""]),
    }
)
SMS_FORM = _with_junk(
    {
        "Body": VALUE,
        "From": NUMBER,
        "To": NUMBER,
        "MessageSid": st.one_of(st.just("SM" + "1" * 32), CHAOS),
        "AccountSid": CHAOS,
        "NumMedia": st.one_of(st.sampled_from(["0", "1", "-1"]), CHAOS),
        "MessageStatus": st.one_of(
            st.sampled_from(["delivered", "failed", "undelivered", "sent"]), CHAOS
        ),
        "ErrorCode": CHAOS,
    }
)
VOICE_ENDPOINTS = {
    "voice.incoming": {},
    "voice.menu": {"menu_id": IDS},
    "voice.choose_topic": {"menu_id": IDS},
    "voice.article": {"article_id": IDS},
    "voice.part": {"article_id": IDS, "n": st.integers(0, 10**30)},
    "voice.choose_part": {"article_id": IDS, "n": st.integers(0, 10**30)},
    "voice.article_options": {"article_id": IDS},
    "voice.choose_option": {"article_id": IDS},
    "voice.help_menu": {},
    "voice.choose_help": {},
    "voice.after_dial": {},
    "voice.languages": {},
    "voice.choose_language": {},
}
VOICE_PATH = st.sampled_from(sorted(VOICE_ENDPOINTS)).flatmap(
    lambda e: st.tuples(st.just(e), st.fixed_dictionaries(VOICE_ENDPOINTS[e]))
)
TWILIO_PATH = st.one_of(VOICE_PATH, st.sampled_from([("sms.incoming", {}), ("sms.status", {})]))


def _path(app, endpoint: str, values: dict) -> str:
    """The path as the line writes it in its TwiML (url_for percent-encodes each part)."""
    return app.url_map.bind(HOST, url_scheme="https").build(endpoint, values)


def _post(client: FlaskClient, path: str, query: dict, form: dict, signature: str | None):
    """POST as Twilio does; the body is encoded here, so its size is known exactly."""
    target = path + (f"?{urlencode(query)}" if query else "")
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    body = urlencode(form)
    return len(body), client.post(target, data=body, content_type=FORM, headers=headers)


def _signed(client: FlaskClient, path: str, query: dict, form: dict):
    url = BASE_URL + path + (f"?{urlencode(query)}" if query else "")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
    return _post(client, path, query, form, signature)


def _errors(caplog: pytest.LogCaptureFixture, since: int) -> list[str]:
    """Errors logged since a point: a handler that failed, however politely it answered."""
    return [r.getMessage() for r in caplog.records[since:] if r.levelno >= logging.ERROR]


def _stays_on_the_line(url: str) -> bool:
    """A URL Twilio is sent to next: a path of the line's own voice routes, nothing else."""
    parts = urlsplit(url)
    return (
        url.isprintable()
        and not any(ch.isspace() for ch in url)
        and not parts.scheme
        and not parts.netloc
        and (posixpath.normpath(parts.path) + "/").startswith("/voice/")
    )


def assert_the_caller_hears_an_answer(body: str, hung_up_by_person: bool) -> None:
    """Valid voice TwiML that speaks, and that never ends in silence or leaves the line."""
    voice_schema().validate(body)
    root = ET.fromstring(body)
    verbs, everything = list(root), list(root.iter())[1:]
    spoken = [v for v in everything if v.tag in ("Say", "Play")]
    assert verbs and verbs[-1].tag in ("Redirect", "Hangup", "Dial"), "the document runs out"
    if verbs[-1].tag == "Hangup" and not hung_up_by_person:
        assert spoken, "the line hung up without a word"
    for say in (v for v in everything if v.tag == "Say"):
        assert (say.text or "").strip() and say.get("language") in SAY_LANGUAGES
    for play in (v for v in everything if v.tag == "Play"):
        assert (play.text or "").startswith(BASE_URL + "/audio/")
    nexts = [v.text or "" for v in everything if v.tag == "Redirect"]
    nexts += [v.get("action", "") for v in everything if v.tag in ("Gather", "Dial")]
    for url in nexts:
        assert _stays_on_the_line(url), url
        assert "recovered=" not in url, "the caller heard: sorry, something went wrong"


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=250, **TIDY)
@example(where=("voice.menu", {"menu_id": "caf\u00e9"}), query={}, form={})
@example(where=("voice.article", {"article_id": "100%"}), query={"lang": "cy"}, form={})
@example(where=("voice.incoming", {}), query={"attempt": "9" * 5000}, form={"From": "\x00"})
@given(where=VOICE_PATH, query=VOICE_QUERY, form=VOICE_FORM)
def test_every_voice_route_speaks_valid_twiml_whatever_twilio_sends(
    app, client, redis, caplog, where, query, form
):
    endpoint, values = where
    path = _path(app, endpoint, values)
    logged = len(caplog.records)
    size, response = _signed(client, path, query, form)
    if size > LIMIT:
        assert response.status_code == 413
        return
    assert response.status_code == 200, response.data[:300]
    assert not _errors(caplog, logged)
    assert response.mimetype == "text/xml"
    completed = endpoint == "voice.after_dial" and form.get("DialCallStatus") == "completed"
    assert_the_caller_hears_an_answer(response.get_data(as_text=True), completed)


def assert_a_plain_text_reply(body: str) -> None:
    """Messaging TwiML: <Response> with at most a <Message> or two of GSM-7 text."""
    root = ET.fromstring(body)
    assert root.tag == "Response" and not root.attrib
    for message in root:
        assert message.tag == "Message" and not list(message)
        text = message.text or ""
        assert text.strip() and is_gsm7(text) and segments(text) <= 2, text
        assert "something went wrong" not in text


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=150, **TIDY)
@given(status=st.booleans(), query=JUNK, form=SMS_FORM)
def test_every_text_gets_a_plain_reply_whatever_twilio_sends(
    app, client, redis, caplog, status, query, form
):
    path = "/sms/status" if status else "/sms"
    logged = len(caplog.records)
    size, response = _signed(client, path, query, form)
    if size > LIMIT:
        assert response.status_code == 413
        return
    assert not _errors(caplog, logged)
    if status:
        assert response.status_code == 204 and response.data == b""
    else:
        assert response.status_code == 200 and response.mimetype == "text/xml"
        assert_a_plain_text_reply(response.get_data(as_text=True))


SIGNATURE = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=60
)
FORGERIES = st.sampled_from(
    ["unsigned", "garbage", "other token", "other url", "form changed", "query changed"]
)


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=150, **TIDY)
@given(where=TWILIO_PATH, query=JUNK, form=st.one_of(VOICE_FORM, SMS_FORM), how=FORGERIES,
       garbage=SIGNATURE)  # fmt: skip
def test_requests_not_signed_for_this_url_and_form_are_refused_with_403(
    app, client, redis, where, query, form, how, garbage
):
    endpoint, values = where
    path = _path(app, endpoint, values)
    url = BASE_URL + path + (f"?{urlencode(query)}" if query else "")
    sign = RequestValidator(AUTH_TOKEN).compute_signature
    if how == "unsigned":
        signature = None
    elif how == "garbage":
        signature = garbage
    elif how == "other token":
        signature = RequestValidator("not-our-token").compute_signature(url, form)
    elif how == "other url":
        signature = sign("https://evil.example" + path, form)
    elif how == "form changed":
        signature = sign(url, form)
        form = {**form, "Digits": (form.get("Digits") or "") + "1"}
    else:
        signature = sign(url, form)
        query = {**query, "attempt": (query.get("attempt") or "") + "1"}
    size, response = _post(client, path, query, form, signature)
    # A signature can only be checked against a body the line agrees to read.
    expected = (403, 413) if size > LIMIT and signature else (403,)
    assert response.status_code in expected
    assert b"<Response" not in response.data
    assert redis.dbsize() == 0, "a refused request counts nothing and queues nothing"


# Admin: every form, with and without a session and a CSRF token.


def _token(client: FlaskClient) -> str:
    answer = client.get("/admin/account")  # a page with a token, signed in or not
    if answer.status_code != 200:
        answer = client.get("/admin/login")
    return re.search(r'name="csrf-token" content="([^"]+)"', answer.get_data(as_text=True)).group(1)


@pytest.fixture
def admin_app(config, database_url):
    """The line on SQLite and on PostgreSQL: the admin's answers depend on the database."""
    return create_app({**config, "DATABASE_URL": database_url})


def _someone(app) -> Person:
    """The admin the examples of one test sign in as (made at the first)."""
    if "test_admin" not in app.extensions:
        app.extensions["test_admin"] = add_person(app, "admin", name="Property Admin")
    found = app.extensions["test_admin"]
    assert isinstance(found, Person)
    return found


def _admin(app, redis, logged_in: bool) -> FlaskClient:
    redis.flushdb()  # no throttled sign-in or queued job carried over from the last example
    client = app.test_client()
    if logged_in:
        signed_in(client, _someone(app))
    return client


def _codes_unused(app, person: Person) -> None:
    """Forget which code was used last, so each example can sign in with the current one."""
    with new_session(app) as session:
        session.execute(update(User).where(User.id == person.id).values(last_totp_step=0))
        session.commit()


def _send(client: FlaskClient, path: str, fields: dict, headers: dict | None = None):
    return client.post(path, data=urlencode(fields), content_type=FORM, headers=headers or {})


def assert_stays_in_the_admin(response) -> None:
    """A redirect never leaves the site, nor the admin; every admin answer is no-store."""
    if response.status_code == 302:
        where = urlsplit(response.headers["Location"])
        assert not where.scheme and not where.netloc and where.path.startswith("/admin")
    assert response.headers["Cache-Control"] == "no-store"


ADMIN_FORMS = ["/admin/login", "/admin/logout", "/admin/audio/refresh", "/admin/audio/render",
               "/admin/jobs/{}/retry"]  # fmt: skip
ADMIN_FORM = _with_junk(
    {"password": st.one_of(st.just(PASSWORD), VALUE), "item": st.one_of(IDS, CHAOS)}
)
JOB = st.one_of(st.just("0" * 36), st.text(min_size=1, max_size=40)).filter(
    lambda s: "/" not in s and s not in (".", "..")
)


def _form_path(app, route: str, job: str) -> str:
    return _path(app, "admin.dashboard.retry", {"job_id": job}) if "{}" in route else route


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=100, **TIDY)
@given(
    route=st.sampled_from([*ADMIN_FORMS, "/admin/phone/step"]),
    logged_in=st.booleans(),
    token=st.sampled_from(["", "not-a-token", "IjAwMDAi.Zm9v.YmFy"]),
    form=ADMIN_FORM,
    job=JOB,
)
def test_admin_forms_without_their_csrf_token_do_nothing(
    admin_app, redis, route, logged_in, token, form, job
):
    client = _admin(admin_app, redis, logged_in)
    path = _form_path(admin_app, route, job)
    fields = {**form, "csrf_token": token} if token else form
    if len(urlencode(fields)) > LIMIT:
        assert _send(client, path, fields).status_code == 413
        return
    response = _send(client, path, fields, {"X-CSRFToken": token} if token else {})
    if logged_in or route in ADMIN_FORMS[:2]:
        assert response.status_code == 400
    else:  # a session that ended while the form was open: sign in again, and come back
        assert response.status_code == 303
        assert urlsplit(response.headers["Location"]).path == "/admin/login"
    assert waiting(redis, AUDIO) == 0
    assert_stays_in_the_admin(response)


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=60, **TIDY)
@given(route=st.sampled_from(ADMIN_FORMS[2:]), form=ADMIN_FORM, job=JOB)
def test_admin_forms_without_a_session_go_to_the_login(admin_app, redis, route, form, job):
    client = _admin(admin_app, redis, logged_in=False)
    fields = {**form, "csrf_token": _token(client)}
    if len(urlencode(fields)) > LIMIT:
        return
    response = _send(client, _form_path(admin_app, route, job), fields)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/admin/login"
    assert waiting(redis, AUDIO) == 0


# With a session and its token, what each form may answer.
ANSWERS = {
    "/admin/logout": {302},
    "/admin/audio/refresh": {200, 302},
    "/admin/audio/render": {200, 302, 404},
    "/admin/jobs/{}/retry": {404},
}


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=80, **TIDY)
@given(
    route=st.sampled_from(sorted(ANSWERS)),
    form=ADMIN_FORM,
    job=JOB,
    json_wanted=st.booleans(),
)
def test_admin_forms_with_a_session_answer_with_a_page_a_redirect_or_a_404(
    admin_app, redis, route, form, job, json_wanted
):
    client = _admin(admin_app, redis, logged_in=True)
    fields = {**form, "csrf_token": _token(client)}
    if len(urlencode(fields)) > LIMIT:
        return
    headers = {"Accept": "application/json"} if json_wanted else {}
    response = _send(client, _form_path(admin_app, route, job), fields, headers)
    assert response.status_code in ANSWERS[route], response.data[:300]
    if response.status_code == 200:
        assert response.is_json and response.json["message"]
    assert_stays_in_the_admin(response)


NEXT = st.one_of(
    st.just("/admin/stats"),
    st.builds(lambda s: "/admin" + s, st.one_of(CHAOS, HUGE)),
    BACK,
    CHAOS,
)


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=100, **TIDY)
@example(password=PASSWORD, after={"next": "/admin\r\nSet-Cookie: x=1"})
@example(password=PASSWORD, after={"next": "/admin/\u00e9"})
@given(
    password=st.one_of(st.just(PASSWORD), VALUE, st.none()),
    after=st.fixed_dictionaries({}, optional={"next": NEXT}),
)
def test_a_sign_in_with_any_password_and_next_stays_in_the_admin(admin_app, redis, password, after):
    someone = _someone(admin_app)
    client = _admin(admin_app, redis, logged_in=False)
    fields = {"csrf_token": _token(client), "email": someone.email}
    fields |= {} if password is None else {"password": password}
    path = "/admin/login" + (f"?{urlencode(after)}" if after else "")
    if len(urlencode(fields)) > LIMIT:
        assert _send(client, path, fields).status_code == 413
        return
    response = _send(client, path, fields)
    assert response.status_code == (302 if password == PASSWORD else 401), response.data[:300]
    assert_stays_in_the_admin(response)
    assert client.get("/admin/").status_code == 302  # not before the second factor
    if password == PASSWORD:
        _codes_unused(admin_app, someone)
        code = {"code": fresh_code(admin_app, someone), "csrf_token": _token(client)}
        done = _send(client, "/admin/login/code", code)
        assert done.status_code == 302
        assert_stays_in_the_admin(done)
        assert client.get("/admin/").status_code == 200


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | CHAOS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CHAOS, inner, max_size=3),
    max_leaves=8,
)
STEP_URL = st.one_of(
    st.sampled_from(["", "/voice", "/voice/help?back=/voice/languages", "/admin/",
                     "https://evil.example/voice", "http://[", "/voice/../admin",
                     "/voice/menu/caf%C3%A9", "/voice/article/your-results/part/2",
                     BASE_URL + "/voice/languages?lang=cy"]),
    st.builds(lambda s: "/voice/" + s, CHAOS),
    CHAOS,
    JSON,
)  # fmt: skip
STEP = st.one_of(
    JSON,
    st.fixed_dictionaries(
        {},
        optional={
            "url": STEP_URL,
            "digits": st.one_of(KNOWN, JSON),
            "speech": st.one_of(KNOWN, CHAOS, JSON),
            "call_sid": st.one_of(CHAOS, JSON),
        },
    ),
)


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=150, **TIDY)
@example(step=[1])
@example(step="/voice")
@example(step={"url": "http://["})
@example(step={"url": "/voice/menu/caf%C3%A9"})
@given(step=STEP)
def test_the_phone_page_answers_any_step_with_verbs_or_an_error_it_can_show(admin_app, redis, step):
    client = _admin(admin_app, redis, logged_in=True)
    body = json.dumps(step)
    response = client.post("/admin/phone/step", data=body, content_type="application/json",
                           headers={"X-CSRFToken": _token(client)})  # fmt: skip
    assert response.status_code in (200, 400, 502), response.data[:300]
    if response.status_code == 200:
        assert response.json["verbs"] and response.json["url"].startswith(BASE_URL + "/voice")
    if response.status_code == 502:
        assert response.json["error"]
    assert response.headers["Cache-Control"] == "no-store"
    texts = [j for j in queue(redis, SMS).jobs if j.func_name in (SEND_LINK, SEND_REPLY)]
    assert texts == [], "the phone page never sends a text"


DATE = st.one_of(
    st.sampled_from(["", "0001-01-01", "0001-02-03", "9999-12-31", "2026-02-30", "2026-W01-1"]),
    st.dates().map(str),
    st.dates(max_value=dt.date(2, 12, 31)).map(str),
    st.dates(min_value=dt.date(9998, 1, 1)).map(str),
    CHAOS,
)


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=100, **TIDY)
@example(csv=False, query={"to": "0001-01-01"})
@example(csv=True, query={"from": "0001-01-01", "to": "0001-01-03"})
@given(csv=st.booleans(), query=_with_junk({"from": DATE, "to": DATE}))
def test_statistics_open_for_any_date_range(admin_app, redis, csv, query):
    client = _admin(admin_app, redis, logged_in=True)
    path = "/admin/stats/export.csv" if csv else "/admin/stats"
    response = client.get(path + (f"?{urlencode(query)}" if query else ""))
    assert response.status_code == 200, response.data[:300]
    if csv:
        rows = response.get_data(as_text=True).splitlines()
        assert rows[0] == "date,count,value"
    else:
        assert b"Calls per day from" in response.data


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=40, **TIDY)
@given(
    path=st.sampled_from(["/admin/", "/admin/status.json", "/admin/phone", "/admin/stats",
                          "/admin/stats/export.csv", "/admin/login", "/admin/people",
                          "/admin/account", "/admin/audit", "/admin/audit/export.csv",
                          "/admin/account/second-factor", "/admin/login/code",
                          "/admin/login/setup"]),
    logged_in=st.booleans(),
    query=JUNK,
)  # fmt: skip
def test_admin_pages_open_whatever_their_query_says(admin_app, redis, path, logged_in, query):
    client = _admin(admin_app, redis, logged_in)
    response = client.get(path + (f"?{urlencode(query)}" if query else ""))
    signing_in = path.startswith("/admin/login")
    if logged_in and path == "/admin/login":
        assert urlsplit(response.headers["Location"]).path == "/admin/"  # signed in already
    elif signing_in and path != "/admin/login" or not logged_in and not signing_in:
        assert response.status_code == 302  # no sign-in half done: back to its start
        assert urlsplit(response.headers["Location"]).path == "/admin/login"
    else:
        assert response.status_code == 200, response.data[:300]
    assert_stays_in_the_admin(response)


# Bodies over the 64 KB limit: refused before anything reads them, signed or not.

TOO_BIG = {"Body": "x" * LIMIT, "SpeechResult": "y"}


@pytest.mark.parametrize("path", ["/voice", "/voice/menu/main/choose", "/sms", "/sms/status"])
def test_a_signed_twilio_request_over_64_kb_gets_413(client, redis, path):
    size, response = _signed(client, path, {}, TOO_BIG)
    assert size > LIMIT and response.status_code == 413
    assert redis.dbsize() == 0, "nothing was counted or queued"


@pytest.mark.parametrize("path", ["/voice", "/sms"])
def test_an_unsigned_request_over_64_kb_gets_403_without_being_read(client, redis, path):
    _, response = _post(client, path, {}, TOO_BIG, None)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path", ["/admin/login", "/admin/logout", "/admin/audio/refresh", "/admin/audio/render",
             "/admin/phone/step"]
)  # fmt: skip
@pytest.mark.parametrize("logged_in", [False, True])
def test_an_admin_post_over_64_kb_gets_413(admin_app, redis, path, logged_in):
    client = _admin(admin_app, redis, logged_in)
    fields = {"csrf_token": _token(client), "password": PASSWORD, "item": "x" * LIMIT}
    if path == "/admin/phone/step":
        response = client.post(path, json={"url": "/voice", "speech": "x" * LIMIT},
                               headers={"X-CSRFToken": fields["csrf_token"]})  # fmt: skip
    else:
        response = client.post(path, data=fields)
    assert response.status_code == 413
    assert waiting(redis, AUDIO) == 0


# Found by the properties above.


@pytest.mark.parametrize("back", ["/voice\x01", "/voice/../admin/", "/voicemail"])
def test_a_back_address_is_checked_before_twilio_follows_it(client, redis, back):
    _, response = _signed(client, "/voice/help/choose", {"back": back}, {"Digits": "*"})
    assert response.status_code == 200
    assert_the_caller_hears_an_answer(response.get_data(as_text=True), False)


@pytest.mark.parametrize("signed", [True, False])
def test_a_part_number_too_long_to_read_is_refused_not_a_500(client, redis, signed):
    path = "/voice/article/your-results/part/" + "9" * 4301
    if signed:
        _, response = _signed(client, path, {}, {"Digits": "6"})
    else:
        _, response = _post(client, path, {}, {"Digits": "6"}, None)
    assert response.status_code in (403, 404)
