"""Shared fixtures for the metrics adapter tests: one demo database per session, real engines."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zoneinfo
from pathlib import Path

import pytest

from assistant.config import load_settings
from metrics_adapter.demo import ensure_demo_db

TZ = "America/Mexico_City"


def local_today() -> dt.date:
    return dt.datetime.now(zoneinfo.ZoneInfo(TZ)).date()


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """A data dir holding the demo SQLite database, built once for the whole session."""
    path = tmp_path_factory.mktemp("kpi-data")
    ensure_demo_db(path, local_today())
    return path


@pytest.fixture
def settings(demo_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("COPC_CONFIG", str(tmp_path / "absent.yaml"))
    return load_settings(
        data_dir=demo_dir,
        store_url=f"sqlite:///{tmp_path / 'store.db'}",
        metrics={"timezone": TZ},
    )


class RawRows:
    """Raw demo rows read straight from the SQLite file, for sums computed in Python (no SQL sums)."""

    def __init__(self, path: Path):
        con = sqlite3.connect(path)
        con.row_factory = sqlite3.Row
        self.tables = {
            t: [dict(r) for r in con.execute(f"SELECT * FROM {t}")]  # noqa: S608 (fixed table names)
            for t in ("queue_daily", "agent_daily", "headcount_daily")
        }
        con.close()
        for rows in self.tables.values():
            for r in rows:
                r["day"] = dt.date.fromisoformat(r["day"])

    def rows(self, table: str, team: str, start: dt.date, end: dt.date, agent: str | None = None) -> list[dict]:
        return [
            r for r in self.tables[table]
            if r["team_id"] == team and start <= r["day"] <= end and (agent is None or r["agent_id"] == agent)
        ]


def expected_value(raw: RawRows, metric: str, team: str, start: dt.date, end: dt.date, agent: str | None = None):
    """Each KPI recomputed by hand from raw rows, following the formulas in copc-facts §3."""
    q = raw.rows("queue_daily", team, start, end)
    a = raw.rows("agent_daily", team, start, end, agent)
    h = raw.rows("headcount_daily", team, start, end)

    def s(rows, *cols):
        return sum(sum(r[c] for c in cols) for r in rows)

    def pct(num, den):
        return None if den == 0 else 100.0 * num / den

    handle = s(a, "talk_seconds", "hold_seconds", "acw_seconds")
    match metric:
        case "service_level":
            return pct(s(q, "answered_in_threshold"), s(q, "offered"))
        case "asa":
            return None if s(q, "answered") == 0 else s(q, "wait_seconds") / s(q, "answered")
        case "abandonment_rate":
            return pct(s(q, "abandoned"), s(q, "offered"))
        case "aht":
            return None if s(a, "handled") == 0 else handle / s(a, "handled")
        case "fcr":
            return pct(s(a, "fcr_resolved"), s(a, "fcr_cases"))
        case "csat":
            return pct(s(a, "survey_top2"), s(a, "survey_responses"))
        case "transaction_accuracy":
            n = s(a, "qa_evaluations")
            return None if n == 0 else 100.0 * (1 - s(a, "qa_critical_errors") / n)
        case "schedule_adherence":
            return pct(s(a, "adherent_minutes"), s(a, "scheduled_minutes"))
        case "occupancy":
            return pct(handle, handle + s(a, "idle_seconds"))
        case "forecast_accuracy":
            f = s(q, "forecast_contacts")
            return None if f == 0 else 100.0 * (1 - sum(abs(r["forecast_contacts"] - r["offered"]) for r in q) / f)
        case "attrition":
            return None if not h else pct(s(h, "leavers"), s(h, "headcount") / len(h))
        case "absenteeism":
            return pct(s(a, "unplanned_absence_minutes"), s(a, "scheduled_minutes"))
    raise AssertionError(metric)


@pytest.fixture(scope="session")
def raw(demo_dir) -> RawRows:
    return RawRows(demo_dir / "metrics_demo.sqlite")
