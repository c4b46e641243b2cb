"""Only Twilio, signing with our auth token for the exact public URL, gets an answer."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.simulator import signed_post

PARAMS = {"CallSid": "CA" + "1" * 32, "From": "+447400123456", "Digits": "1", "Body": "menu"}


def twilio_routes(app) -> list[str]:
    """Every route on a Twilio channel, with sample ids filled in."""
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("voice", "sms"):
            paths.append(
                rule.rule.replace("<menu_id>", "main")
                .replace("<article_id>", "your-results")
                .replace("<int:n>", "1")
            )
    return sorted(paths)


def test_every_twilio_route_is_listed(app):
    routes = twilio_routes(app)
    assert "/voice" in routes and "/sms" in routes and len(routes) >= 6


def test_signed_requests_are_answered_on_every_twilio_route(app, client):
    for path in twilio_routes(app):
        response = signed_post(client, AUTH_TOKEN, BASE_URL + path, PARAMS)
        assert response.status_code in (200, 204), path


@pytest.mark.parametrize(
    "how",
    ["unsigned", "garbage", "tampered body", "other url", "other token", "query added"],
)
def test_requests_not_signed_by_twilio_for_this_url_get_403(app, client, how):
    for path in twilio_routes(app):
        url, params, token = BASE_URL + path, dict(PARAMS), AUTH_TOKEN
        signature = RequestValidator(token).compute_signature(url, params)
        if how == "unsigned":
            response = client.post(path, data=params)
        elif how == "garbage":
            response = client.post(path, data=params, headers={"X-Twilio-Signature": "abc"})
        elif how == "tampered body":
            response = signed_post(client, token, url, {**params, "Digits": "9"}, signature)
        elif how == "other url":
            other = RequestValidator(token).compute_signature("https://evil.example" + path, params)
            response = signed_post(client, token, url, params, other)
        elif how == "other token":
            response = signed_post(client, "not-our-token", url, params)
        else:
            response = signed_post(client, token, url + "?attempt=3", params, signature)
        assert response.status_code == 403, (how, path)
        assert b"<Response" not in response.data


def test_the_signature_is_checked_against_the_public_url_behind_a_proxy(client):
    # The app sees http://localhost; Twilio signed https://line.example.org.
    response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/voice", PARAMS)
    assert response.status_code == 200
    local = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/voice", PARAMS)
    assert (
        client.post("/voice", data=PARAMS, headers={"X-Twilio-Signature": local}).status_code == 403
    )
