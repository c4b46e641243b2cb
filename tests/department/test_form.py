"""The department's settings form: what staff type becomes the values callers hear, checked
as start-up checks the environment, each problem named by its box; values survive the round
trip through the stored JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from app.department.form import fields_of, parse
from app.department.values import Closure, Department, Opening, from_json

WEEKDAYS = {f"opens_{d}": "09:00" for d in ("mon", "tue", "wed", "thu", "fri")} | {
    f"closes_{d}": "17:00" for d in ("mon", "tue", "wed", "thu", "fri")
}
GOOD = {
    **WEEKDAYS,
    "closure_first_0": "2026-12-24",
    "closure_last_0": "2026-12-28",
    "closure_reason_0": "Closed for the Christmas break",
    "bank_holidays": "2027-01-01\n2026-12-25",
    "transfer_to": "029 2074 7747",
    "phone": "+44 29 2074 7747",
    "address": "  Nuclear Medicine\n\n  University Hospital  ",
    "reminders_email": "nm@example.nhs.uk",
    "reminders_webhook_url": "https://hooks.example.nhs.uk/line",
}


def test_a_good_form_becomes_the_departments_values():
    department, errors = parse(GOOD, smtp_host="mail.example.nhs.uk")
    assert errors == {} and department is not None
    assert [o.day for o in department.week] == [0, 1, 2, 3, 4]
    assert department.week[0] == Opening(0, dt.time(9), dt.time(17))
    assert department.closures == (
        Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 28), "Closed for the Christmas break"),
    )
    assert department.bank_holidays == (dt.date(2026, 12, 25), dt.date(2027, 1, 1))
    assert department.transfer_to == department.phone == "+442920747747"
    assert department.address == "Nuclear Medicine\nUniversity Hospital"
    assert from_json(department.to_json()) == department
    again, _ = parse(fields_of(department), smtp_host="mail.example.nhs.uk")
    assert again == department


@pytest.mark.parametrize(
    "change,field",
    [
        ({"opens_mon": "09:00", "closes_mon": ""}, "opens_mon"),
        ({"opens_tue": "17:00", "closes_tue": "09:00"}, "opens_tue"),
        ({"opens_wed": "9am"}, "opens_wed"),
        ({"closure_last_0": "2026-12-01"}, "closure_first_0"),
        ({"closure_reason_0": ""}, "closure_first_0"),
        ({"closure_first_0": "24/12/2026"}, "closure_first_0"),
        ({"closure_last_0": "2028-12-28"}, "closure_first_0"),
        ({"bank_holidays": "2026-12-25\nChristmas"}, "bank_holidays"),
        ({"transfer_to": "12345"}, "transfer_to"),
        ({"phone": "call us"}, "phone"),
        ({"reminders_email": "two@a.nhs.uk, b@b.nhs.uk"}, "reminders_email"),
        ({"reminders_webhook_url": "ftp://example"}, "reminders_webhook_url"),
        ({"address": "x" * 301}, "address"),
    ],
)
def test_each_problem_is_named_by_its_box_and_nothing_is_made(change, field):
    department, errors = parse({**GOOD, **change}, smtp_host="mail.example.nhs.uk")
    assert department is None and list(errors) == [field]


def test_reminders_by_email_need_a_mail_server():
    department, errors = parse(GOOD, smtp_host="")
    assert department is None and "SMTP_HOST" in errors["reminders_email"]


def test_calls_are_put_through_only_with_opening_hours():
    closed_all_week = {k: v for k, v in GOOD.items() if not k.startswith(("opens", "closes"))}
    assert "transfer_to" in parse(closed_all_week, smtp_host="x")[1]


def test_a_closure_ticked_for_removal_goes_and_a_new_row_is_read():
    form = {**GOOD, "closure_remove_0": "yes", "closure_first_1": "2027-04-02",
            "closure_reason_1": "Training day"}  # fmt: skip
    department, _ = parse(form, smtp_host="x")
    assert department is not None
    assert department.closures == (
        Closure(dt.date(2027, 4, 2), dt.date(2027, 4, 2), "Training day"),
    )


def test_the_department_reopens_on_the_first_open_day_after_a_closure():
    department, _ = parse(GOOD, smtp_host="x")  # Christmas 24-28 Dec 2026, 1 Jan a holiday
    assert department is not None
    assert department.reopens(dt.date(2026, 12, 24)) == dt.date(2026, 12, 29)
    assert department.reopens(dt.date(2026, 12, 23)) is None  # no closure that day
    hours = department.hours()
    assert hours is not None and not hours.is_open(dt.datetime(2026, 12, 28, 10, tzinfo=dt.UTC))
    assert hours.is_open(dt.datetime(2026, 12, 29, 10, tzinfo=dt.UTC))
    # a closure into a weekend and a bank holiday reopens on the next working day
    long, _ = parse({**GOOD, "closure_last_0": "2026-12-31"}, smtp_host="x")
    assert long is not None and long.reopens(dt.date(2026, 12, 30)) == dt.date(2027, 1, 4)


def test_closures_that_have_ended_go_by_themselves():
    department, _ = parse(GOOD, smtp_host="x")
    assert department is not None
    assert department.current(dt.date(2026, 12, 28)).closures == department.closures
    assert department.current(dt.date(2026, 12, 29)).closures == ()


def test_the_trail_gets_each_change_before_and_after():
    before = Department(transfer_to="+442920747747")
    after = Department(transfer_to="+442920747000", address="Ward 5")
    assert before.changes(after) == {
        "before_transfer_to": "+442920747747",
        "after_transfer_to": "+442920747000",
        "before_address": "",
        "after_address": "Ward 5",
    }


@pytest.mark.parametrize("text", ["", "[]", '{"week": 1}', '{"nonsense": 1}', "{"])
def test_stored_values_that_are_not_the_departments_are_refused(text):
    with pytest.raises(ValueError):
        from_json(text)
