"""Background jobs: plain functions run by `rq worker audio sms`. They never import Flask."""
