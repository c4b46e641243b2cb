"""What each web process measures for /metrics: requests, latency and <Say> fallbacks.

Under gunicorn, gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR so every worker process writes
its figures there; app.ops.metrics reads them all at a scrape. Counts only, never who."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "nmline_http_requests", "HTTP requests answered", ["endpoint", "method", "status"]
)
LATENCY = Histogram(
    "nmline_http_request_duration_seconds",
    "Time to answer a request",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
SAY_FALLBACKS = Counter(
    "nmline_say_fallbacks", "Items spoken with <Say> because no current audio file", ["lang"]
)


# Labels come from a short list, never from what a client sent: a made-up method would
# otherwise make a new series for each one.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


# Each label set's series, looked up once (prometheus_client's labels() builds and locks
# each time). Bounded as the labels are: endpoints, METHODS, statuses, languages.
_ANSWERED: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
_FALLBACKS: dict[str, Counter] = {}


def observe(endpoint: str, method: str, status: int, seconds: float) -> None:
    """One request answered: counted by endpoint, method and status, timed by endpoint."""
    method = method if method in METHODS else "other"
    series = _ANSWERED.get((endpoint, method, status))
    if series is None:
        series = _ANSWERED[(endpoint, method, status)] = (
            REQUESTS.labels(endpoint, method, str(status)),
            LATENCY.labels(endpoint),
        )
    series[0].inc()
    series[1].observe(seconds)


def say_fallback(lang: str) -> None:
    """One item spoken with <Say> in this language: it had no current audio file."""
    series = _FALLBACKS.get(lang)
    if series is None:
        series = _FALLBACKS[lang] = SAY_FALLBACKS.labels(lang)
    series.inc()
