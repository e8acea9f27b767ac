"""/copc follow | seguir | following | unfollow | alert, as the Slack command hands them over."""

from __future__ import annotations

import pytest

from assistant.digests.follow import FollowCommands
from assistant.digests.subscriptions import Subscriptions

SUP = "U0SUP00001"  # phoenix, orion
SUP_ES = "U0SUP00003"  # halcon


@pytest.fixture
def commands(kpi, store, settings):
    return FollowCommands(kpi, store, settings)


def test_follow_in_english_and_spanish(commands, store):
    en = commands.handle("follow aht phoenix weekly", user=SUP, channel="D0DM", language="en")
    assert en.startswith("Done: <@U0SUP00001> follows Average handle time for Phoenix, weekly at 08:00")
    es = commands.handle("seguir nivel de servicio de mi equipo diario a las 9:30 con gráfica", user=SUP_ES,
                         channel="D0DM2", language="es")
    assert es.startswith("Listo: <@U0SUP00003> sigue Nivel de servicio de Halcón, diario a las 09:30")
    a, b = Subscriptions(store).active()
    assert (a.metrics, a.teams, a.cadence, a.target, a.chart) == (("aht",), ("phoenix",), "weekly", SUP, False)
    assert (b.metrics, b.teams, b.cadence, b.at, b.chart, b.language) == (
        ("service_level",), ("halcon",), "daily", "09:30", True, "es")


def test_here_makes_a_channel_digest_with_its_creators_rights(commands, store):
    text = commands.handle("follow service level and aht for phoenix and orion daily here", user=SUP,
                           channel="C0TEAM", language="en")
    assert "<#C0TEAM>" in text and "uses the rights of the person who sets it up" in text
    [f] = Subscriptions(store).active()
    assert f.target == "C0TEAM" and f.owner == SUP and set(f.teams) == {"phoenix", "orion"}


def test_follow_is_refused_for_a_team_the_person_may_not_see_and_for_an_unknown_one_alike(commands, store):
    hidden = commands.handle("follow aht halcon weekly", user=SUP, channel="D0", language="en")
    unknown = commands.handle("follow aht zebra weekly", user=SUP, channel="D0", language="en")
    assert hidden.startswith("I cannot set that up: you may not see the numbers of")
    assert unknown.startswith("I cannot set that up: you may not see the numbers of")
    assert commands.handle("follow", user=SUP, channel="D0", language="en").startswith("Tell me a metric")
    assert commands.handle("follow aht phoenix", user="U0NOBODY00", channel="D0", language="en").startswith("I cannot")
    assert Subscriptions(store).active() == []


def test_following_lists_and_unfollow_stops(commands, store):
    commands.handle("follow aht phoenix weekly", user=SUP, channel="D0", language="en")
    commands.handle("alert service level orion below 75 here", user=SUP, channel="C0OPS", language="en")
    listed = commands.handle("following", user=SUP, channel="D0", language="en")
    assert "`1` · digest · Average handle time · Phoenix · weekly" in listed
    assert "`2` · alert · Service level · Orion · daily" in listed and "<#C0OPS>" in listed
    [alert] = [f for f in Subscriptions(store).active() if f.kind == "alert"]
    assert (alert.rule, alert.rule_value) == ("below", 75.0)
    assert "nothing" in commands.handle("following", user=SUP_ES, channel="D0", language="en").lower() or \
        "You follow nothing" in commands.handle("following", user=SUP_ES, channel="D0", language="en")
    assert commands.handle("unfollow 2", user=SUP_ES, channel="D0", language="en").startswith("Nothing you follow")
    assert commands.handle("unfollow aht phoenix", user=SUP, channel="D0", language="en").startswith("Stopped `1`")
    assert [f.row_id for f in Subscriptions(store).active()] == [2]
    assert commands.handle("dejar 2", user=SUP, channel="D0", language="es").startswith("Detenido `2`")


def test_alert_rules_are_read_with_units_as_the_cards_show_them(commands, store):
    commands.handle("alert aht phoenix above 6:30", user=SUP, channel="D0", language="en")
    commands.handle("alerta nivel de servicio de orion incumple 3 días", user=SUP, channel="D0", language="es")
    commands.handle("alert aht orion change 20", user=SUP, channel="D0", language="en")
    rules = [(f.rule, f.rule_value) for f in Subscriptions(store).active()]
    assert rules == [("above", 390.0), ("missed_days", 3.0), ("change", 20.0)]
    assert commands.handle("alert aht phoenix", user=SUP, channel="D0", language="en").startswith("Tell me")


def test_other_text_is_not_a_follow_command(commands):
    assert commands.handle("AHT for Phoenix last week", user=SUP, channel="D0", language="en") is None
