"""Running the line: /healthz, /readyz and /metrics, request ids and JSON logs, the daily
counts (never who), and the TwiML Twilio falls back to when the line is down."""
