"""What an on-call engineer relies on: /healthz, /readyz and /metrics."""

from __future__ import annotations

import pytest
from rq import Worker

from app import create_app
from app.core import counts as stats
from app.queues import AUDIO, QUEUES, SMS
from app.services import services
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.live_server import free_port  # nothing listens there: Redis is away
from tests.support.metrics import TOKEN, sample, scrape
from tests.support.numbers import MOBILE
from tests.support.simulator import Call


@pytest.fixture
def listening(redis):
    """A worker registered as rq registers one, listening on both queues, until removed."""
    worker = Worker(list(QUEUES), connection=redis)
    worker.register_birth()
    yield worker
    worker.register_death()


def test_alive_even_when_redis_is_not(config):
    app = create_app({**config, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    assert app.test_client().get("/healthz").status_code == 200


def test_not_ready_without_redis_says_so(config):
    app = create_app({**config, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["redis"]["ok"] is False
    assert "Redis did not answer" in answer.json["checks"]["redis"]["problem"]


def test_not_ready_without_a_worker(client, runner):
    runner.invoke(args=["audio", "sync"])
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["workers"]["problem"] == "no worker is listening on: audio, sms"


def test_not_ready_while_audio_is_missing_and_nobody_is_making_it(client, listening):
    answer = client.get("/readyz")
    assert answer.status_code == 503
    audio = answer.json["checks"]["audio"]
    assert audio["ok"] is False and audio["items"]["stale"] > 0
    assert audio["items"]["fresh"] > 0  # the English audio the tests rendered


def test_ready_once_every_missing_item_is_on_its_way(client, runner, listening):
    runner.invoke(args=["audio", "sync"])
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "ready"
    assert set(answer.json["checks"]["audio"]["items"]) == {"fresh", "queued"}


def test_metrics_are_off_without_a_token(client):
    assert client.get("/metrics").status_code == 404


@pytest.fixture
def watched(config):
    return create_app({**config, "METRICS_TOKEN": TOKEN})


@pytest.mark.parametrize("header", ["", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_need_the_right_token(watched, header):
    answer = watched.test_client().get("/metrics", headers={"Authorization": header})
    assert answer.status_code == 401
    assert b"nmline" not in answer.data


def test_metrics_count_calls_requests_and_say_fallbacks(watched, describe):
    before = scrape(watched)
    phone = Call(watched.test_client(), AUTH_TOKEN, BASE_URL, caller=MOBILE, describe=describe)
    phone.start()
    phone.press("#")  # the language menu
    welsh = phone.press("2")  # Welsh has no audio in the tests: all spoken with <Say>
    assert welsh.said  # the Welsh menu, spoken
    phone.press("4")  # a topic: counted for the day, by topic
    after = scrape(watched)

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("nmline_events_total", event="calls") == 1
    assert "plays:" not in after  # which topic: daily in the admin's statistics, never here
    assert any(name.startswith("plays:") for name in stats.totals(services(watched).redis))
    assert grew("nmline_http_requests_total", endpoint="voice.incoming", method="POST",
                status="200") == 1  # fmt: skip
    assert grew("nmline_http_request_duration_seconds_count", endpoint="voice.incoming") == 1
    assert grew("nmline_say_fallbacks_total", lang="cy") >= len(welsh.said)
    assert sample(after, "nmline_redis_up") == 1


def test_metrics_show_queues_and_workers(watched, listening):
    watched.test_cli_runner().invoke(args=["audio", "sync"])
    text = scrape(watched)
    assert sample(text, "nmline_queue_jobs", queue=AUDIO) > 0
    assert sample(text, "nmline_queue_jobs", queue=SMS) == 0
    assert sample(text, "nmline_workers") == 1


def test_metrics_still_answer_when_redis_is_down(config):
    app = create_app(
        {**config, "METRICS_TOKEN": TOKEN, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    )
    text = scrape(app)
    assert sample(text, "nmline_redis_up") == 0
    assert "nmline_http_requests_total" in text


def test_made_up_methods_do_not_make_new_metric_series(watched):
    client = watched.test_client()
    for method in ("BREW", "WHEN", "XYZZY"):
        client.open("/healthz", method=method)
    text = scrape(watched)
    assert not any(m in text for m in ("BREW", "WHEN", "XYZZY"))
    assert sample(text, "nmline_http_requests_total", endpoint="unmatched", method="other",
                  status="405") >= 3  # fmt: skip
