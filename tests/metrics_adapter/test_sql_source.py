"""SQL source: the embedded SQLite demo and the real PostgreSQL server, checked against sums of raw rows."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from metrics_adapter.catalog import load_catalog
from metrics_adapter.demo import DEMO_DAYS, STORY_ANCHOR, TEAMS, generate, load_demo
from metrics_adapter.errors import SourceUnavailable
from metrics_adapter.sources import Scope
from metrics_adapter.sources.sql import SqlSource
from metrics_adapter.windows import parse_window

from tests.fixtures.kpi import TZ, RawRows, expected_value, local_today

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(ROOT / "config" / "catalog.yaml")
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
WINDOWS = ["yesterday", "last week", "this month", "last month", "last 30 days", "today"]


def _check_all(source: SqlSource, raw, today: dt.date) -> int:
    checked = 0
    metrics = list(CATALOG.metrics.values())
    for team in ("phoenix", "halcon", "atlas"):
        for w in WINDOWS:
            window = parse_window(w, today, TZ)
            got = source.fetch(metrics, Scope(team), window, time.monotonic() + 10)
            for m in metrics:
                want = expected_value(raw, m.id, team, window.start, window.end)
                assert (got[m.id] is None) == (want is None), (m.id, team, w)
                if want is not None:
                    assert got[m.id] == pytest.approx(want, rel=1e-9, abs=1e-9), (m.id, team, w)
                    checked += 1
    agent_metrics = [m for m in metrics if "agent" in m.levels]
    window = parse_window("last month", today, TZ)
    got = source.fetch(agent_metrics, Scope("halcon", "hal-01"), window, time.monotonic() + 10)
    for m in agent_metrics:
        assert got[m.id] == pytest.approx(expected_value(raw, m.id, "halcon", window.start, window.end, "hal-01"))
        checked += 1
    return checked


def test_sqlite_demo_matches_raw_rows(demo_dir, raw):
    source = SqlSource("sql", f"sqlite:///{demo_dir / 'metrics_demo.sqlite'}")
    try:
        assert _check_all(source, raw, local_today()) > 150
    finally:
        source.close()


def test_demo_dataset_shape(raw):
    today = local_today()
    q = raw.tables["queue_daily"]
    days = {r["day"] for r in q}
    assert max(days) == today and len(days) == DEMO_DAYS >= 90
    assert {t.site for t in TEAMS} == {"Austin", "Monterrey"} and {t.language for t in TEAMS} == {"en", "es"}
    assert any("á" in a or "é" in a or "í" in a or "ó" in a for t in TEAMS for a in t.agents)
    # Raw facts are consistent with each other.
    for r in q:
        assert r["offered"] == r["answered"] + r["abandoned"] and 0 <= r["answered_in_threshold"] <= r["answered"]
    for r in raw.tables["agent_daily"]:
        assert r["fcr_resolved"] <= r["fcr_cases"] and r["survey_top2"] <= r["survey_responses"]
        assert r["qa_critical_errors"] <= r["qa_evaluations"] and r["adherent_minutes"] <= r["scheduled_minutes"]
    # Daily noise: no team has a flat service level.
    phoenix_sl = {round(r["answered_in_threshold"] / r["offered"], 3) for r in q if r["team_id"] == "phoenix"}
    assert len(phoenix_sl) > 50
    # Visible trends, counted back from the stories' anchor day (they depend on the date, not on
    # when the demo was generated): Atlas's service level in the last 4 weeks is clearly below 3 months ago.
    raw, today = _generated(STORY_ANCHOR), STORY_ANCHOR
    recent = expected_value(raw, "service_level", "atlas", today - dt.timedelta(days=28), today)
    before = expected_value(raw, "service_level", "atlas", today - dt.timedelta(days=120), today - dt.timedelta(days=92))
    assert before - recent > 8
    # Halcón's AHT falls over the period.
    first = expected_value(raw, "aht", "halcon", today - dt.timedelta(days=DEMO_DAYS - 1), today - dt.timedelta(days=DEMO_DAYS - 30))
    last = expected_value(raw, "aht", "halcon", today - dt.timedelta(days=29), today)
    assert first - last > 40


def _generated(end: dt.date) -> RawRows:
    rows = RawRows.__new__(RawRows)
    rows.tables = generate(end)
    return rows


def _by_key(rows: list[dict]) -> dict:
    return {(r["team_id"], r.get("agent_id"), r["day"]): r for r in rows}


@pytest.mark.parametrize("end, later_end", [
    (dt.date(2026, 3, 15), dt.date(2026, 3, 16)),  # regenerated the next day
    (STORY_ANCHOR - dt.timedelta(days=10), STORY_ANCHOR + dt.timedelta(days=20)),  # across the trends' anchor
])
def test_demo_is_deterministic_and_regeneration_only_appends(end, later_end):
    a, b = generate(end, days=40), generate(end, days=40)
    assert a == b
    later = generate(later_end, days=40 + (later_end - end).days)
    overlap_days = 40
    for table in ("agent_daily", "queue_daily", "headcount_daily"):
        old, new = _by_key(a[table]), _by_key(later[table])
        # Every team (trending ones included) has rows on every day generated both times...
        assert {k[0] for k in old} == {t.id for t in TEAMS}
        assert len({k[2] for k in old}) == overlap_days
        # ...and those rows are identical, whatever day the demo was generated on.
        assert {k: new[k] for k in old} == old, table
    assert set(_by_key(a["queue_daily"])) < set(_by_key(later["queue_daily"]))


def test_demo_trends_move_inside_the_compared_days():
    """The regeneration check above covers days where the stories are moving (it would miss any
    trend computed from the generation date)."""
    rows = generate(STORY_ANCHOR - dt.timedelta(days=10), days=40)
    atlas = [r for r in rows["queue_daily"] if r["team_id"] == "atlas"]
    early = sum(r["abandoned"] for r in atlas[:10]) / sum(r["offered"] for r in atlas[:10])
    late = sum(r["abandoned"] for r in atlas[-10:]) / sum(r["offered"] for r in atlas[-10:])
    assert late > early * 1.5


def test_sqlite_query_is_cut_at_the_deadline(demo_dir):
    source = SqlSource("sql", f"sqlite:///{demo_dir / 'metrics_demo.sqlite'}")
    window = parse_window("last 180 days", local_today(), TZ)
    try:
        with pytest.raises(SourceUnavailable, match="interrupted"):
            source.fetch(list(CATALOG.metrics.values()), Scope("phoenix"), window, time.monotonic() - 1)
        # The progress handler is removed afterwards: the same pooled connection works again.
        assert source.fetch([CATALOG.metrics["aht"]], Scope("phoenix"), window, time.monotonic() + 5)["aht"] > 0
    finally:
        source.close()


# ------------------------------------------------------------------ PostgreSQL (real server)
@pytest.fixture(scope="module")
def pg_schema():
    engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        engine.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}")
    schema = f"copc_kpi_test_{uuid.uuid4().hex[:10]}"
    try:
        load_demo(engine, schema=schema, end=local_today())
        yield engine, schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def test_postgresql_matches_raw_rows(pg_schema, raw):
    _, schema = pg_schema
    source = SqlSource("warehouse", PG_URL, schema=schema)
    try:
        assert _check_all(source, raw, local_today()) > 150
    finally:
        source.close()


def test_postgresql_statement_timeout_cuts_a_blocked_query(pg_schema):
    engine, schema = pg_schema
    source = SqlSource("warehouse", PG_URL, schema=schema, timeout_seconds=2)
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        with engine.begin() as conn:
            conn.execute(text(f'LOCK TABLE "{schema}".queue_daily IN ACCESS EXCLUSIVE MODE'))
            locked.set()
            release.wait(10)

    t = threading.Thread(target=hold_lock)
    t.start()
    try:
        assert locked.wait(5)
        start = time.monotonic()
        with pytest.raises(SourceUnavailable, match="QueryCanceled|statement timeout"):
            source.fetch([CATALOG.metrics["service_level"]], Scope("atlas"), parse_window("last week", local_today(), TZ),
                         time.monotonic() + 0.8)
        assert time.monotonic() - start < 2.0
    finally:
        release.set()
        t.join()
        source.close()


def test_postgresql_down_is_unavailable_not_a_traceback():
    source = SqlSource("warehouse", "postgresql+psycopg://postgres@127.0.0.1:1/test", timeout_seconds=1)
    with pytest.raises(SourceUnavailable) as err:
        source.fetch([CATALOG.metrics["aht"]], Scope("phoenix"), parse_window("yesterday", local_today(), TZ),
                     time.monotonic() + 2)
    assert "OperationalError" in err.value.reason and "password" not in err.value.reason


@pytest.mark.parametrize("source_yaml, env, field, message", [
    ("{kind: sql, url_env: KPI_TEST_WAREHOUSE_URL}", None, "sources.warehouse.url_env",
     "environment variable KPI_TEST_WAREHOUSE_URL is not set"),
    ("{kind: sql, url_env: KPI_TEST_WAREHOUSE_URL}", "postgres ql://nope", "sources.warehouse.url_env",
     "not a valid SQLAlchemy URL"),
    ("{kind: sql, url: 'warehouse://u:hunter2@h/db'}", None, "sources.warehouse.sql.url", "unknown database dialect"),
    ("{kind: sql, url: 'postgresql://u:hunter2@h:port/db'}", None, "sources.warehouse.sql.url", "not a valid SQLAlchemy URL"),
    ("{kind: sql, url: 'mysql://u:hunter2@h/db'}", None, "sources.warehouse.sql.url", "driver for 'mysql' is not installed"),
])
def test_bad_sql_source_url_fails_at_start_naming_file_and_field(settings, kb, store, tmp_path, monkeypatch,
                                                                 source_yaml, env, field, message):
    from metrics_adapter.errors import MetricsConfigError
    from metrics_adapter.service import KpiService

    if env is None:
        monkeypatch.delenv("KPI_TEST_WAREHOUSE_URL", raising=False)
    else:
        monkeypatch.setenv("KPI_TEST_WAREHOUSE_URL", env)
    path = tmp_path / "sources.yaml"
    path.write_text(f"sources:\n  warehouse: {source_yaml}\nmetrics:\n  aht: warehouse\n", encoding="utf-8")
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(update={"sources_path": path})})
    with pytest.raises(MetricsConfigError) as err:
        KpiService(s, kb, store)
    text = str(err.value)
    assert "sources.yaml, line" in text and message in text, text
    assert field.split(".")[-1] in text and "hunter2" not in text


def test_bad_database_url_setting_fails_at_start(settings, kb, store):
    from metrics_adapter.errors import MetricsConfigError
    from metrics_adapter.service import KpiService

    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(
        update={"database_url": "postgresql://me:hunter2@db:xx/kpi"})})
    with pytest.raises(MetricsConfigError) as err:
        KpiService(s, kb, store)
    assert "metrics.database_url" in str(err.value) and "hunter2" not in str(err.value)
