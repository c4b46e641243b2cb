"""Every Redis key the line uses, with how long it lives: the one place they are named.

Phone numbers and client addresses appear only as keyed hashes (app.privacy). Besides
these, rq keeps its queues, jobs and workers under `rq:` (renders' results for an hour,
texts' for a day, failures for a week, each set where the job is queued)."""

from __future__ import annotations

import datetime as dt

PREFIX = "nmline:"

# Daily counts of calls, plays, texts... (never who), and running totals for /metrics.
STATS_DAYS = 400
TOTALS = PREFIX + "totals"  # kept for good


def stats(day: dt.date) -> str:
    """One day's counts (a hash), kept STATS_DAYS days."""
    return f"{PREFIX}stats:{day.isoformat()}"


# Texts. Numbers that said STOP: a set of keyed hashes, kept for good.
OPTED_OUT = PREFIX + "sms:opted-out"
TEXTED_CALL_SECONDS = 86400
TEXT_LIMIT_SECONDS = 2 * 86400
TEXT_LANGUAGE_SECONDS = 90 * 86400


def texted_in_call(call_sid: str, article_id: str) -> str:
    """Set when a call has had this topic's text (one per topic per call); a day."""
    return f"{PREFIX}sms:call:{call_sid}:{article_id}"


def texts_to_number(number_key: str, day: dt.date) -> str:
    """Texts to one number (keyed hash) on a day; two days."""
    return f"{PREFIX}sms:number:{number_key}:{day.isoformat()}"


def texts_on(day: dt.date) -> str:
    """Texts the whole line sent on a day; two days."""
    return f"{PREFIX}sms:all:{day.isoformat()}"


def text_language(number_key: str) -> str:
    """The language a number chose by text (CYMRAEG, POLSKI); 90 days."""
    return f"{PREFIX}sms:lang:{number_key}"


# A text job's first try (app.texts.jobs): a retry asks the provider first whether the
# job's text already went (its reference is the job's id). A delivery receipt counted once.
TEXT_JOB_SECONDS = 86400
RECEIPT_SECONDS = 7 * 86400


def text_job_tried(job_id: str) -> str:
    """Set at a text job's first try; a day."""
    return f"{PREFIX}sms:tried:{job_id}"


def receipt_counted(provider: str, message_id: str) -> str:
    """Set when a sent text's final receipt is counted (its id, never its number); a week."""
    return f"{PREFIX}sms:receipt:{provider}:{message_id}"


def text_received(provider: str, message_id: str) -> str:
    """Set when a text to the line is answered, so a callback sent again is not; a week."""
    return f"{PREFIX}sms:received:{provider}:{message_id}"


# Replies to texts (app.texts.replies). A number's count lives a day from its first reply
# (never extended), so no sender can keep a patient's number silenced beyond that day.
REPLY_COUNT_SECONDS = 86400


def replies_to_number(day_key: str, day: dt.date) -> str:
    """Replies to one number on a day, by a keyed hash with the day in it; a day."""
    return f"{PREFIX}sms:replies:{day_key}:{day.isoformat()}"


def replies_on(day: dt.date) -> str:
    """Replies the whole line sent on a day; two days."""
    return f"{PREFIX}sms:replies:all:{day.isoformat()}"


# Audio.
GTTS_PACE = PREFIX + "gtts:pace"  # one gTTS request at a time; lives GTTS_PACE_SECONDS
RENDER_GUARD_SECONDS = 60


def render_guard(job_id: str, generation: str) -> str:
    """Taken by the one sync that queues a render (two at once: one wins); a minute."""
    return f"{PREFIX}guard:{job_id}:{generation}"


# The admin's sign-in: attempts counted by app.throttle.Throttle, which adds a
# keyed hash of the client's address, of the (account's email, client) pair, or (second
# factor only) of the account's email to these prefixes. A success gives its count back.
SIGN_IN_FAILURES_SECONDS = 15 * 60  # each count lives this long from its first attempt
SIGN_IN_FAILURES_BY_CLIENT = PREFIX + "sign-in-failures:client"
SIGN_IN_FAILURES_BY_ACCOUNT_AND_CLIENT = PREFIX + "sign-in-failures:account-client"
SECOND_FACTOR_FAILURES_BY_ACCOUNT = PREFIX + "sign-in-failures:code-account"


# The admin's signed-in sessions (app.accounts.sessions): a hash per session (user id, session
# version, started, last seen) under a hash of its random id, and each person's set of those
# hashes. Each lives SESSION_MAX_HOURS (12 unless set) from its sign-in, at most.
def admin_session(id_hash: str) -> str:
    return f"{PREFIX}admin-session:{id_hash}"


def admin_sessions_of(user_id: int) -> str:
    return f"{PREFIX}admin-sessions-of:{user_id}"


# Whether the department keeps the words of questions the line could not answer
# (app.ask.kept): "on" or "off", the database's setting copied here so that a call never
# waits on the database. Written at each change, and read back from the database (by a job)
# when missing; no lifetime, as nothing about a patient is in it. While it is being read
# back, QUESTION_KEEPING_ASKED (a minute) stops a busy line queueing that job twice.
QUESTION_KEEPING = PREFIX + "ask:keeping"
QUESTION_KEEPING_ASKED = PREFIX + "ask:keeping:asked"
QUESTION_KEEPING_ASKED_SECONDS = 60

# The department's settings (app.department): the database's latest version as JSON, copied
# here at each change so that a call never waits on the database, and read back from the
# database (by a job) when missing, as QUESTION_KEEPING is. Nothing about a patient.
DEPARTMENT = PREFIX + "department"
DEPARTMENT_ASKED = PREFIX + "department:asked"


# Patients' feedback from a topic's page: answers from one client for one topic on one day,
# counted by an app.throttle.Throttle under this prefix (a keyed hash of all three).
FEEDBACK_SECONDS = 86400
FEEDBACK_FROM = PREFIX + "feedback"


# Call-back requests (app.callbacks). A number's open request: set (a keyed hash of the
# number) when the caller confirms, deleted when the desk marks it, and at most a week (the
# worker's check in the database stands behind it); and the requests the line took on a
# (London) day, against CALLBACKS_DAILY, two days.
CALLBACK_OPEN_SECONDS = 7 * 86400
CALLBACKS_DAY_SECONDS = 2 * 86400


def callback_open(number_key: str) -> str:
    return f"{PREFIX}callbacks:open:{number_key}"


def callbacks_on(day: dt.date) -> str:
    return f"{PREFIX}callbacks:day:{day.isoformat()}"


def reminders_sent(day: dt.date, destination: str) -> str:
    """Set when the day's review summary has gone to a destination (once a day between all
    clocks; the destination is a setting, never a patient's); two days."""
    return f"{PREFIX}reminders:sent:{day.isoformat()}:{destination}"
