"""Foundations every layer may use: counts per day (never who), JSON logs, the measures each
web process keeps for /metrics, the department's opening hours, and the scrubbing of
patients' own words (comments, unanswered questions) before they are kept. Nothing here
imports a package above the foundations."""
