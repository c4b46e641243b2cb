"""E-mail through the line's mail server (SMTP_HOST and the other SMTP_ settings): the
review summary and notices about accounts.

The server's certificate is checked before anything is said, the password above all (by the
system's certificate authorities, or SMTP_CA_FILE's): with STARTTLS (the default), or TLS from
the start (SMTPS: SMTP_SSL, the default on port 465). smtplib on its own checks none."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.request
from email.message import EmailMessage

from app.settings import Settings


def tls_context(settings: Settings) -> ssl.SSLContext:
    """The certificate checks for the mail server: its name, and an authority we trust."""
    return ssl.create_default_context(cafile=settings.smtp_ca_file or None)


def send_message(settings: Settings, message: EmailMessage, timeout: float = 30) -> None:
    """Send `message` (its From and To set); smtplib's and ssl's errors are OSErrors."""
    tls = tls_context(settings)
    host, port = settings.smtp_host, settings.smtp_port
    if settings.smtp_ssl:
        connected: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=tls)
    else:
        connected = smtplib.SMTP(host, port, timeout=timeout)
    with connected as smtp:
        if settings.smtp_starttls and not settings.smtp_ssl:
            smtp.starttls(context=tls)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password.value)
        smtp.send_message(message)


def post_text(url: str, text: str, timeout: float = 30) -> None:
    """POST {"text": ...} to a webhook: what Slack's and Teams' incoming webhooks read.
    A failure is an OSError (URLError, HTTPError, a timeout) for the caller to report."""
    body = json.dumps({"text": text}).encode()
    sent = urllib.request.Request(  # noqa: S310 - the URL is a setting checked at start-up
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(sent, timeout=timeout) as answer:  # noqa: S310
        answer.read()
