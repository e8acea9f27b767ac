"""Windows on fixed dates: EN/ES phrasing, previous equal period, partial flag, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics_adapter.errors import WindowError
from metrics_adapter.windows import find_window, parse_window

TODAY = dt.date(2026, 3, 18)  # a Wednesday
D = dt.date


@pytest.mark.parametrize("text, start, end, partial, prev_start, prev_end", [
    ("today", D(2026, 3, 18), D(2026, 3, 18), True, D(2026, 3, 17), D(2026, 3, 17)),
    ("hoy", D(2026, 3, 18), D(2026, 3, 18), True, D(2026, 3, 17), D(2026, 3, 17)),
    ("yesterday", D(2026, 3, 17), D(2026, 3, 17), False, D(2026, 3, 16), D(2026, 3, 16)),
    ("ayer", D(2026, 3, 17), D(2026, 3, 17), False, D(2026, 3, 16), D(2026, 3, 16)),
    ("this week", D(2026, 3, 16), D(2026, 3, 18), True, D(2026, 3, 9), D(2026, 3, 11)),
    ("esta semana", D(2026, 3, 16), D(2026, 3, 18), True, D(2026, 3, 9), D(2026, 3, 11)),
    ("last week", D(2026, 3, 9), D(2026, 3, 15), False, D(2026, 3, 2), D(2026, 3, 8)),
    ("la semana pasada", D(2026, 3, 9), D(2026, 3, 15), False, D(2026, 3, 2), D(2026, 3, 8)),
    ("this month", D(2026, 3, 1), D(2026, 3, 18), True, D(2026, 2, 1), D(2026, 2, 18)),
    ("este mes", D(2026, 3, 1), D(2026, 3, 18), True, D(2026, 2, 1), D(2026, 2, 18)),
    ("last month", D(2026, 2, 1), D(2026, 2, 28), False, D(2026, 1, 1), D(2026, 1, 31)),
    ("el mes pasado", D(2026, 2, 1), D(2026, 2, 28), False, D(2026, 1, 1), D(2026, 1, 31)),
    ("last 7 days", D(2026, 3, 11), D(2026, 3, 17), False, D(2026, 3, 4), D(2026, 3, 10)),
    ("últimos 7 días", D(2026, 3, 11), D(2026, 3, 17), False, D(2026, 3, 4), D(2026, 3, 10)),
    ("ultimos 30 dias", D(2026, 2, 16), D(2026, 3, 17), False, D(2026, 1, 17), D(2026, 2, 15)),
    ("last two weeks", D(2026, 3, 4), D(2026, 3, 17), False, D(2026, 2, 18), D(2026, 3, 3)),
    ("last-7-days", D(2026, 3, 11), D(2026, 3, 17), False, D(2026, 3, 4), D(2026, 3, 10)),
    ("2026-03-02", D(2026, 3, 2), D(2026, 3, 2), False, D(2026, 3, 1), D(2026, 3, 1)),
    ("march 2", D(2026, 3, 2), D(2026, 3, 2), False, D(2026, 3, 1), D(2026, 3, 1)),
    ("2 de marzo", D(2026, 3, 2), D(2026, 3, 2), False, D(2026, 3, 1), D(2026, 3, 1)),
    ("december 24", D(2025, 12, 24), D(2025, 12, 24), False, D(2025, 12, 23), D(2025, 12, 23)),  # most recent
    ("2026-03-01..2026-03-10", D(2026, 3, 1), D(2026, 3, 10), False, D(2026, 2, 19), D(2026, 2, 28)),
    ("from 2026-03-01 to 2026-03-10", D(2026, 3, 1), D(2026, 3, 10), False, D(2026, 2, 19), D(2026, 2, 28)),
    ("del 1 al 10 de marzo", D(2026, 3, 1), D(2026, 3, 10), False, D(2026, 2, 19), D(2026, 2, 28)),
    ("entre el 1 de marzo y el 10 de marzo", D(2026, 3, 1), D(2026, 3, 10), False, D(2026, 2, 19), D(2026, 2, 28)),
    # A range reaching past today is cut at today and marked as still running.
    ("from 2026-03-10 to 2026-03-31", D(2026, 3, 10), D(2026, 3, 18), True, D(2026, 3, 1), D(2026, 3, 9)),
])
def test_windows(text, start, end, partial, prev_start, prev_end):
    w = parse_window(text, TODAY, "America/Mexico_City")
    prev = w.previous()
    assert (w.start, w.end, w.partial, prev.start, prev.end) == (start, end, partial, prev_start, prev_end)
    assert not prev.partial and w.to_json()["timezone"] == "America/Mexico_City"


def test_this_month_previous_clamps_to_short_months():
    w = parse_window("this month", D(2026, 3, 31), "UTC")
    assert (w.previous().start, w.previous().end) == (D(2026, 2, 1), D(2026, 2, 28))


@pytest.mark.parametrize("text, message", [
    ("next week", "unknown window"), ("2026-02-30", "not a valid date"), ("2026-04-01", "in the future"),
    ("last 5000 days", "between 1 and"), ("AHT last week", "unknown window"),
])
def test_bad_windows_are_explained(text, message):
    with pytest.raises(WindowError, match=message):
        parse_window(text, TODAY, "UTC")


def test_window_found_inside_questions():
    w, span = find_window("¿Cuál fue el TMO de Halcón la semana pasada?", TODAY, "UTC")
    assert w.key == "last_week" and span is not None
    assert find_window("how is my team doing?", TODAY, "UTC") == (None, None)


NOV_TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize("question, start, end, key", [
    ("AHT for Phoenix in March", "2026-03-01", "2026-03-31", "month"),
    ("TMO de Halcón en marzo", "2026-03-01", "2026-03-31", "month"),
    ("service level for Atlas in December", "2025-12-01", "2025-12-31", "month"),  # the most recent December
    ("FCR el mes de octubre", "2026-10-01", "2026-10-31", "month"),
    ("AHT in May", "2026-05-01", "2026-05-31", "month"),
    ("AHT March 2025", "2025-03-01", "2025-03-31", "month"),
    ("nivel de servicio en noviembre", "2026-11-01", "2026-11-23", "this_month"),  # current month: running
    ("AHT on march 14", "2026-03-14", "2026-03-14", "day"),
])
def test_month_names(question, start, end, key):
    w, _ = find_window(question, NOV_TODAY, "UTC")
    assert (w.start.isoformat(), w.end.isoformat(), w.key) == (start, end, key)
    assert w.partial == (key == "this_month")


def test_may_the_verb_is_not_a_month():
    assert find_window("may I see the AHT for Phoenix?", NOV_TODAY, "UTC") == (None, None)


@pytest.mark.parametrize("question", ["FCR de Orion este mes vs el mes pasado",
                                      "FCR for Orion this month compared to last month"])
def test_this_period_versus_another_compares_those_two(question):
    w, _ = find_window(question, NOV_TODAY, "UTC")
    assert (w.start, w.end, w.partial) == (dt.date(2026, 11, 1), NOV_TODAY, True)
    prev = w.previous()
    assert (prev.start, prev.end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.mark.parametrize("question, message", [
    ("AHT for Phoenix last quarter", "can't read the period 'last quarter'"),
    ("TMO de Halcón el año pasado", "can't read the period"),
    ("AHT in Q3", "can't read the period"),
    ("AHT last week and this month", "more than one period"),
])
def test_periods_we_cannot_read_are_errors_not_the_default_window(question, message):
    with pytest.raises(WindowError, match=message):
        find_window(question, NOV_TODAY, "UTC")
