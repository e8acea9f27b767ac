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
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
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


# ------------------------------------------------------------------ service fixtures
from assistant.kb.loader import KnowledgeBase  # noqa: E402
from assistant.kb.schema import Entry, LanguageVersion, Provenance  # noqa: E402
from assistant.store.db import Store  # noqa: E402

# Deliberately without cx60-2.1 (CSAT's COPC item): that citation must then be left out, not faked.
KB_ENTRIES = {
    "kpi-service-level": ("Service level", "Nivel de servicio"), "kpi-asa": ("Average speed of answer", "ASA"),
    "kpi-abandonment-rate": ("Abandonment rate", "Tasa de abandono"), "kpi-aht": ("Average handle time", "TMO"),
    "kpi-fcr": ("First contact resolution", "Resolución en el primer contacto"),
    "kpi-csat": ("Customer satisfaction", "Satisfacción del cliente"),
    "kpi-transaction-accuracy": ("Transaction accuracy", "Exactitud de transacciones"),
    "kpi-schedule-adherence": ("Schedule adherence", "Adherencia al horario"), "kpi-occupancy": ("Occupancy", "Ocupación"),
    "kpi-forecast-accuracy": ("Forecast accuracy", "Precisión del pronóstico"), "kpi-attrition": ("Attrition", "Rotación"),
    "kpi-absenteeism": ("Absenteeism", "Ausentismo"),
    "csp51-2.5": ("Forecasting, Staffing, and Scheduling", "Pronósticos, Planificación y Programación del Personal"),
    "csp51-2.4": ("Transaction Monitoring", "Monitoreo de Transacciones"),
    "cx60-2.4": ("Quality Management", "Gestión de la Calidad"), "csp51-3.2": ("Recruiting and Hiring", "Reclutamiento"),
}


def make_kb() -> KnowledgeBase:
    entries = {}
    for eid, (en, es) in KB_ENTRIES.items():
        item = eid.startswith(("csp", "cx"))
        entries[eid] = Entry(
            id=eid, kind="item" if item else "kpi", release=("CSP 5.1" if eid.startswith("csp51") else "CX 6.0") if item else None,
            item=eid.split("-")[1] if item else None, en=LanguageVersion(title=en), es=LanguageVersion(title=es),
            provenance=Provenance(sources=["S1"]), confidence="confirmed", reviewed=dt.date(2026, 1, 1),
        )
    return KnowledgeBase(releases={}, entries=entries)


@pytest.fixture(scope="session")
def kb():
    return make_kb()


@pytest.fixture
def store(settings):
    return Store(settings.resolved_store_url)


@pytest.fixture
def service(settings, kb, store):
    from metrics_adapter.service import KpiService

    svc = KpiService(settings, kb, store)
    yield svc
    svc.close()


def audit_rows(store):
    from sqlalchemy import select

    from metrics_adapter.audit import KpiAuditEntry

    with store.session() as s:
        return list(s.scalars(select(KpiAuditEntry).order_by(KpiAuditEntry.id)))
