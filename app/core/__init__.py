"""Foundations every layer may use: counts per day (never who), JSON logs, the measures each
web process keeps for /metrics, and the department's opening hours. Nothing here imports a
package above the foundations."""
