"""The database: engine, models' base, one session per request, and migrations."""
