"""Trend charts: the points are the source's numbers (checked against sums of raw rows), weeks and
days bucketed as a supervisor reads them, partial periods marked, the PNG is a real image with the
asker's language, access and audit exactly as for a KPI answer, and rendering is fast enough."""

from __future__ import annotations

import datetime as dt
import io
import time

from PIL import Image

from assistant.base.caller import Caller
from metrics_adapter.trend import buckets
from metrics_adapter.windows import parse_window
from tests.fixtures.kpi import TZ, audit_rows, expected_value, local_today

SUP_PHOENIX = "U0SUP00001"  # supervisor of phoenix and orion
SUP_HALCON = "U0SUP00003"


def test_weekly_points_are_whole_iso_weeks_ending_with_the_running_one():
    today = dt.date(2026, 12, 2)  # a Wednesday
    granularity, spans = buckets(parse_window("last 8 weeks", today, TZ))
    assert granularity == "week" and len(spans) == 8
    assert all(s.weekday() == 0 for s, _, _ in spans)
    assert spans[-1] == (dt.date(2026, 11, 30), dt.date(2026, 12, 1), True)  # this week so far: partial
    assert not any(p for _, _, p in spans[:-1])
    granularity, days = buckets(parse_window("this week", today, TZ))
    assert granularity == "day" and [p for _, _, p in days] == [False, False, True]  # today is partial


def test_series_values_are_the_sums_of_raw_rows(service, raw):
    answer = service.trend(None, metric="aht", team="phoenix", window="last 14 days", language="en",
                           caller=Caller.local_operator(), surface="cli")
    assert answer.chart is not None and answer.outcome == "ok"
    series, _ = service.series(metric="aht", team="phoenix", window="last 14 days", caller=Caller.local_operator())
    assert len(series.points) == 14
    for p in series.points:
        assert abs(p.value - expected_value(raw, "aht", "phoenix", p.start, p.end)) < 1e-6
    weekly, _ = service.series(metric="service_level", team="halcon", window="last 8 weeks",
                               caller=Caller.local_operator())
    for p in weekly.points:
        assert abs(p.value - expected_value(raw, "service_level", "halcon", p.start, p.end)) < 1e-6


def test_png_is_a_real_image_and_the_table_and_alt_text_speak_the_askers_language(service):
    en = service.trend("AHT trend for Phoenix last 8 weeks", language="en", caller=Caller.slack_user(SUP_PHOENIX))
    es = service.trend("tendencia del nivel de servicio de Halcón", language="es", caller=Caller.slack_user(SUP_HALCON))
    for a in (en, es):
        img = Image.open(io.BytesIO(a.chart.png))
        assert img.format == "PNG" and img.size == (800, 420)
        assert a.chart.table in a.text and "```" in a.text
    assert "weekly" in en.chart.title and "target 6:00" in en.chart.alt_text and "Lower is better" in en.chart.alt_text
    assert "wk " in en.chart.table and "*" in en.chart.table and "partial period" in en.chart.table
    assert "semanal" in es.chart.title and "Nivel de servicio" in es.chart.title and "Halcón" in es.chart.title
    assert "sem. " in es.chart.table and "pp" in es.chart.table and "Más alto es mejor" in es.chart.alt_text


def test_trend_follows_the_same_access_rules_and_is_audited(service, store):
    refused = service.trend("AHT trend for Halcón last 8 weeks", language="en", caller=Caller.slack_user(SUP_PHOENIX))
    assert refused.chart is None and refused.outcome == "refused"
    nobody = service.trend("AHT trend for Phoenix", language="en", caller=Caller.slack_user("U0NOBODY00"))
    assert nobody.chart is None
    rows = [r for r in audit_rows(store) if r.kind == "trend"]
    assert [(r.user_id, r.allowed, r.outcome) for r in rows] == [
        (SUP_PHOENIX, False, "denied"), ("U0NOBODY00", False, "unknown_user")]


def test_a_trend_without_a_metric_asks_which(service):
    a = service.trend("trend for Phoenix", language="en", caller=Caller.local_operator())
    assert a.chart is None and a.outcome == "which_metric" and "Average handle time" in a.text


def test_chart_rendering_p95_is_under_300_ms_warm(service):
    service.trend(None, metric="aht", team="phoenix", window="last 8 weeks", language="en", caller=Caller.local_operator())
    times = []
    for window in ("last 8 weeks", "last 14 days") * 10:
        start = time.perf_counter()
        a = service.trend(None, metric="service_level", team="halcon", window=window, language="es",
                          caller=Caller.local_operator())
        times.append(time.perf_counter() - start)
        assert a.chart is not None
    times.sort()
    assert times[int(len(times) * 0.95) - 1] <= 0.300, times


def test_local_today_is_the_last_daily_point_when_the_window_runs_to_today(service):
    a, _ = service.series(metric="aht", team="phoenix", window="this month", caller=Caller.local_operator())
    assert a.points[-1].start == local_today() and a.points[-1].partial
