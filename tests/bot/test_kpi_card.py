"""The Slack KPI card from the real KPI service's answers (demo database, real catalog).

The card once printed the raw unit names the service sends ("78.4 percent", "340.0 seconds",
"-2.6 percent"): these tests render real service output and check the numbers as people read
them, recomputed here from the typed values rather than through the formatter under test.
"""

from __future__ import annotations

from assistant.base.caller import Caller, cli_caller
import dataclasses
import json
import re

import pytest

from tests.fixtures.kpi import demo_dir, kb, settings, store, service  # noqa: F401  (real KPI service)

from assistant.base.answers import KpiAnswer, MetricResult
from assistant.base.units import Unit
from bot.blocks import answer_message, kpi_card

LABELS = {"en": ("*Value*\n", "*Target*\n", "*Change vs previous period*\n", "previous"),
          "es": ("*Valor*\n", "*Meta*\n", "*Cambio vs. periodo anterior*\n", "anterior")}


def _fields(metric: MetricResult, language: str) -> dict[str, str]:
    card = kpi_card(metric, language).to_dict()
    value, target, change, _ = LABELS[language]
    out = {}
    for f in (x["text"] for x in card["fields"]):
        for key, label in (("value", value), ("target", target), ("change", change)):
            if f.startswith(label):
                out[key] = f[len(label):]
    return out


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def _expected_value(m: MetricResult) -> str:
    if m.unit is Unit.PERCENT:
        return f"{m.value:.1f}%"
    return _clock(m.value) if round(m.value) >= 60 else f"{round(m.value)} s"


@pytest.fixture
def overview(service) -> KpiAnswer:
    # The team overview mixes percentages (service level, FCR, ...) and durations (ASA, AHT).
    answer = service.answer("how did Phoenix do last month?", language="en", caller=cli_caller(None))
    assert isinstance(answer, KpiAnswer) and len(answer.metrics) >= 5, answer.text
    assert {m.unit for m in answer.metrics} == {Unit.PERCENT, Unit.SECONDS}
    return answer


def test_card_shows_percent_sign_points_and_minutes_from_real_service(overview):
    seen_clock = False
    for m in overview.metrics:
        fields = _fields(m, "en")
        assert fields["value"] == _expected_value(m), (m.metric, fields)
        if m.unit is Unit.PERCENT:
            assert re.fullmatch(r"\d+\.\d%", fields["value"])
            assert re.fullmatch(r"[+−±]\d+\.\d pp \(previous \d+\.\d%\)", fields["change"]), fields["change"]
            assert fields["target"] == f"{m.target:g}%"
        else:
            assert re.fullmatch(r"[+−±]\d+ s \(previous (\d+:\d\d|\d+ s)\)", fields["change"]), fields["change"]
            seen_clock |= bool(re.fullmatch(r"\d+:\d\d", fields["value"]))
        card = json.dumps(kpi_card(m, "en").to_dict(), ensure_ascii=False)
        assert "percent" not in card and "seconds" not in card, card
    assert seen_clock, "AHT (over a minute) must show as m:ss"


def test_aht_card_is_minutes_and_seconds(service):
    answer = service.answer("AHT for Phoenix last month", language="en", caller=cli_caller(None))
    (aht,) = answer.metrics
    assert aht.metric == "aht" and aht.unit is Unit.SECONDS and aht.value >= 60
    fields = _fields(aht, "en")
    assert fields["value"] == _clock(aht.value) and re.fullmatch(r"\d+:\d\d", fields["value"])
    sign = "+" if round(aht.change) > 0 else "−" if round(aht.change) < 0 else "±"
    assert fields["change"].startswith(f"{sign}{abs(round(aht.change))} s (previous {_clock(aht.previous)})")


def test_spanish_card_from_real_service(service):
    answer = service.answer("¿cuál fue el nivel de servicio de Halcón el mes pasado?", language="es", caller=cli_caller(None))
    (sl,) = answer.metrics
    fields = _fields(sl, "es")
    assert fields["value"] == f"{sl.value:.1f}%"
    assert re.fullmatch(r"[+−±]\d+\.\d pp \(anterior \d+\.\d%\)", fields["change"]), fields["change"]


def test_answer_message_renders_every_real_metric_as_a_card(overview):
    msg = answer_message(overview, answer_ref="r", private_note=True)
    cards = [b for b in msg.blocks if b["type"] == "section" and b.get("fields")]
    assert len(cards) == len(overview.metrics)
    assert "Only you can see" in json.dumps(msg.blocks)
    flat = json.dumps(cards, ensure_ascii=False)
    assert " pp" in flat and "%" in flat and "percent" not in flat and "seconds" not in flat


def test_card_without_target_or_change(overview):
    bare = dataclasses.replace(overview.metrics[0], target=None, status="no_target", previous=None, change=None)
    fields = [f["text"] for f in kpi_card(bare, "en").to_dict()["fields"]]
    assert fields[1:] == ["*Target*\n—", "*Status*\nno target", "*Change vs previous period*\n—"]


def test_many_real_metrics_capped_at_50_blocks_with_note(overview):
    many = dataclasses.replace(overview, metrics=overview.metrics * 12)  # more cards than Slack allows
    msg = answer_message(many, answer_ref="r")
    assert len(msg.blocks) <= 50 and len(json.dumps(msg.blocks, ensure_ascii=False)) < 13000
    assert "more metrics not shown" in json.dumps(msg.blocks)
    assert msg.blocks[-1]["type"] == "actions"
