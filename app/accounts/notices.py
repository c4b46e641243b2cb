"""Telling people by e-mail that something changed on an account, through the line's mail
server (app.mail: SMTP_HOST and the other SMTP_ settings, the certificate checked). Nothing
is sent when it is not set up."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage

from app import mail
from app.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


def mail_set_up(settings: Settings) -> bool:
    """Whether there is a mail server to send through."""
    return bool(settings.smtp_host)


def send_email(settings: Settings, to: Sequence[str], subject: str, text: str) -> None:
    """Send one plain-text message to `to`; raises OSError when it could not be sent."""
    recipients = [address for address in to if address]
    if not recipients or not mail_set_up(settings):
        return
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.smtp_from or f"information-line@{settings.smtp_host}"
    message["To"] = ", ".join(recipients)
    message.set_content(text)
    mail.send_message(settings, message, timeout=TIMEOUT_SECONDS)  # the certificate checked


def tell(settings: Settings, to: Sequence[str], subject: str, text: str) -> bool:
    """`send_email`, for a notice that must not undo the change it tells of: a failure is
    logged (without the addresses) and False returned."""
    try:
        send_email(settings, to, subject, text)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("an account notice was not sent: %s", type(exc).__name__)
        return False
    return mail_set_up(settings) and any(to)


def account_changed(settings: Settings, email: str, what: str, when: dt.datetime) -> bool:
    """Tell the account's own address that `what` ("Your password was changed") happened."""
    text = (
        f"{what} for your account ({email}) on the information line's admin, "
        f"at {when:%H:%M} UTC on {when:%-d %B %Y}.\n\n"
        "If that was you, there is nothing to do.\n"
        "If it was not you, tell an admin of the line at once: they can deactivate your "
        "account and reset its second factor, which ends every session of it.\n\n"
        f"{settings.public_base_url}/admin/account"
    )
    return tell(settings, [email], "Information line: your account was changed", text)


def tell_everywhere(
    settings: Settings, people: Sequence[str], subject: str, text: str, nobody: str
) -> tuple[list[str], list[str]]:
    """E-mail `people` and the reminders' address, and post to the reminders webhook: where it
    reached and what failed (never raises; `nobody` says why, when there was nobody to tell).
    For news that must not undo the change it tells of."""
    addresses = [*people, *([settings.reminders_email] if settings.reminders_email else [])]
    reached, failed = [], []
    if addresses and mail_set_up(settings):
        try:
            send_email(settings, addresses, subject, text)
            reached.append(f"e-mail to {len(addresses)} address(es)")
        except (OSError, smtplib.SMTPException) as exc:
            failed.append(f"e-mail: {type(exc).__name__}")
    elif addresses:
        failed.append("e-mail: no mail server (SMTP_HOST) set up")
    if settings.reminders_webhook_url:
        try:
            mail.post_text(settings.reminders_webhook_url, f"{subject}\n{text}", TIMEOUT_SECONDS)
            reached.append("the reminders webhook")
        except OSError as exc:
            failed.append(f"webhook: {type(exc).__name__}")
    if not reached and not failed:
        failed.append(f"nobody to tell: {nobody}")
    return reached, failed
