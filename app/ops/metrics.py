"""Prometheus metrics: what each web process measures, and the line's totals kept in Redis.

Requests, latency and <Say> fallbacks are measured in the web process (app.core.measures).
Under gunicorn, gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR so every worker process
writes its figures there and any one of them can report them all. Renders and texts happen
in rq workers; they count them in Redis (app.core.counts), and a scrape reads those totals.
Counts only, never who."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from redis import Redis, RedisError
from rq import Queue

from app.content.model import Library
from app.content.reviews import reviews_due
from app.core import counts
from app.queues import live_workers
from app.texts import receipts as receipts_

CONTENT_TYPE = CONTENT_TYPE_LATEST


class LineCollector:
    """Read at each scrape: running totals (texts, renders, calls...), queues and workers."""

    def __init__(self, redis: Redis, queues: Sequence[Queue]) -> None:
        self.redis, self.queues = redis, queues

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("nmline_redis_up", "1 if Redis answered this scrape")
        try:
            totals = counts.totals(self.redis)
            lengths = {queue.name: queue.count for queue in self.queues}
            workers = len(live_workers(self.redis))
        except RedisError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        events = CounterMetricFamily(
            "nmline_events",
            "Running totals: texts sent and failed, renders, calls",
            labels=["event"],
        )
        for name, value in sorted(totals.items()):
            if ":" not in name:  # not plays:<topic>: by the minute, a quiet line's topic
                events.add_metric([name], value)  # counts could point to one caller
        yield events
        queued = GaugeMetricFamily(
            "nmline_queue_jobs", "Jobs waiting in each queue", labels=["queue"]
        )
        for name, length in lengths.items():
            queued.add_metric([name], length)
        yield queued
        yield GaugeMetricFamily("nmline_workers", "rq workers alive", value=workers)


class DeliveryCollector:
    """Today's delivery receipts (app.texts.receipts), and whether texts are failing."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def collect(self) -> Iterator[Metric]:
        try:
            today = counts.day_counts(self.redis)
        except RedisError:
            return  # nmline_redis_up says so
        receipts = GaugeMetricFamily(
            "nmline_texts_today",
            "Today's delivery receipts: texts delivered, that did not arrive, or unknown",
            labels=["outcome"],
        )
        for outcome in receipts_.OUTCOME_COUNTS:
            receipts.add_metric([outcome], today.get(outcome, 0))
        yield receipts
        yield GaugeMetricFamily(
            "nmline_texts_failing",
            f"1 when today at least {receipts_.FAILING_LEAST} texts did not arrive and they are "
            f"more than {receipts_.FAILING_SHARE:.0%} of the receipts",
            value=int(receipts_.failing(today)),
        )


class ReviewCollector:
    """Topics overdue for review and due within 30 days, by language, for alerting."""

    def __init__(self, libraries: Iterable[Library]) -> None:
        self.libraries = list(libraries)

    def collect(self) -> Iterator[Metric]:
        due = GaugeMetricFamily(
            "nmline_topics_review",
            "Topics overdue for review, or due within 30 days",
            labels=["lang", "state"],
        )
        for (lang, state), number in sorted(reviews_due(self.libraries, dt.date.today()).items()):
            due.add_metric([lang, state], number)
        yield due


def exposition(redis: Redis, queues: Sequence[Queue], libraries: Iterable[Library] = ()) -> bytes:
    """The text a Prometheus scrape receives."""
    registry = CollectorRegistry()
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    registry.register(LineCollector(redis, queues))
    registry.register(ReviewCollector(libraries))
    registry.register(DeliveryCollector(redis))
    text = generate_latest(registry)
    return text if folder else generate_latest(REGISTRY) + text
