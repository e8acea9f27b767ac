"""assistant.base.units: the one formatter of KPI numbers (answer templates, terminal, Slack card)."""

from __future__ import annotations

import pytest

from assistant.base.units import Unit, format_change, format_target, format_value, shown_change


def test_change_wording_follows_the_displayed_value():
    assert format_change(-0.4, "seconds", "en") == "±0 s" and shown_change(-0.4, "seconds") == 0
    assert format_change(0.04, "percent", "en") == "±0.0 pts" and format_change(-0.05001, "percent", "es") == "−0.1 pp"
    assert format_change(12.6, "seconds", "en") == "+13 s"
    assert format_change(None, Unit.PERCENT, "en") == "—"


@pytest.mark.parametrize("value,unit,text,compact", [
    (78.44, Unit.PERCENT, "78.4%", "78.4%"),
    (340.5, Unit.SECONDS, "340 s (5:40)", "5:40"),  # whole seconds, rounded half to even like before
    (17.7, Unit.SECONDS, "18 s", "18 s"),
    (60.0, "seconds", "60 s (1:00)", "1:00"),
    (None, Unit.SECONDS, "—", "—"),
])
def test_value_in_text_and_on_cards(value, unit, text, compact):
    assert format_value(value, unit, "en") == text
    assert format_value(value, unit, "es", "compact") == compact


def test_percentage_point_changes_on_cards_are_pp_in_both_languages():
    assert format_change(-2.6, Unit.PERCENT, "en", "compact") == "−2.6 pp"
    assert format_change(2.48, Unit.PERCENT, "es", "compact") == "+2.5 pp"
    assert format_change(-2.6, Unit.PERCENT, "en") == "−2.6 pts"  # the English answer text says "pts"


def test_targets():
    assert format_target(80.0, Unit.PERCENT) == "80%" and format_target(360.0, Unit.SECONDS) == "360 s"
    assert format_target(360.0, Unit.SECONDS, "en", "compact") == "6:00"
    assert format_target(30.0, Unit.SECONDS, "en", "compact") == "30 s"
    assert format_target(None, Unit.PERCENT) == "—"


def test_unknown_unit_is_an_error_not_a_raw_word():
    with pytest.raises(ValueError):
        format_value(1.0, "minutes", "en")
