"""Opting out and back in, as staff see it in the statistics: each STOP and each START is
counted once, under its own name. Written for the mutation run (bench/mutation.py): the
opt-out tests in test_views.py prove that STOP is honoured, these that it is counted."""

from __future__ import annotations

from app.core.counts import day_counts
from tests.support.texts import stop_confirmed, text

OTHER = "+447400654321"


def test_each_stop_and_start_is_counted_once_under_its_own_name(client, redis):
    assert text(client, "STOP") == stop_confirmed(client)
    assert text(client, "stop!") == stop_confirmed(client)  # already out: not counted again
    assert text(client, "STOP", sender=OTHER) == stop_confirmed(client)
    assert day_counts(redis).get("opt_outs") == 2
    assert "opt_ins" not in day_counts(redis)
    assert text(client, "START") == []
    assert text(client, "Start") == []  # already back: not counted again
    counted = day_counts(redis)
    assert (counted.get("opt_outs"), counted.get("opt_ins")) == (2, 1)


def test_a_start_from_a_number_that_never_stopped_counts_nothing(client, redis):
    assert text(client, "START") == []
    assert "opt_ins" not in day_counts(redis)
