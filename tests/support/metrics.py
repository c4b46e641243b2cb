"""Reading /metrics as Prometheus does: with the token the tests' line is given."""

from __future__ import annotations

from flask import Flask

TOKEN = "metrics-token-for-tests"


def scrape(app: Flask) -> str:
    """The metrics page's text, fetched with the token (METRICS_TOKEN=TOKEN)."""
    answer = app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert answer.content_type.startswith("text/plain")
    return answer.get_data(as_text=True)


def sample(text: str, name: str, **labels: str) -> float:
    """One sample's value from Prometheus text, 0 if absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} ") or (not labels and line.startswith(f"{name} ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0
