"""KpiService end to end on the demo database: values, windows, targets, citations, languages, failures."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest
import yaml

from assistant.base.caller import Caller, cli_caller
from assistant.base.units import Unit
from metrics_adapter.errors import MetricsConfigError
from metrics_adapter.service import KpiService
from metrics_adapter.windows import parse_window

from tests.fixtures.kpi import TZ, audit_rows, expected_value, local_today

METRIC_KEYS = {"metric", "name", "team", "value", "unit", "window", "target", "status", "previous", "change"}
ROOT = Path(__file__).resolve().parents[2]


def _w(text: str):
    return parse_window(text, local_today(), TZ)


def test_single_metric_for_a_team(service, raw):
    a = service.answer("AHT for Phoenix last week", language="en", caller=cli_caller(None))
    assert a.intent == "kpi" and a.private is True and len(a.metrics) == 1
    m = a.metrics[0]
    assert set(m.to_json()) == METRIC_KEYS  # the documented `metrics` item of the JSON contract
    w, p = _w("last week"), _w("last week").previous()
    value = expected_value(raw, "aht", "phoenix", w.start, w.end)
    prev = expected_value(raw, "aht", "phoenix", p.start, p.end)
    assert m.metric == "aht" and m.team == "phoenix" and m.unit is Unit.SECONDS
    assert m.value == pytest.approx(value, abs=0.05) and m.previous == pytest.approx(prev, abs=0.05)
    assert m.change == pytest.approx(value - prev, abs=0.1)
    assert m.window.to_json() == {"start": w.start.isoformat(), "end": w.end.isoformat(), "timezone": TZ, "partial": False}
    assert m.target == 360 and m.status == ("met" if value <= 360 else "missed")
    # The text states window, timezone, completeness, value, target, status, change and cites [1] [2].
    t = a.text
    assert w.start.isoformat() in t and w.end.isoformat() in t and TZ in t and "complete period" in t
    assert f"{round(value)} s" in t and "360 s" in t and ("met" in t if m.status == "met" else "missed" in t)
    assert "vs previous period" in t and "[1]" in t and "[2]" in t
    assert [(c.n, c.id) for c in a.citations] == [(1, "kpi-aht"), (2, "csp51-2.5")]


def test_per_team_target_override_and_direction(service, raw):
    a = service.answer("TMO de Halcón el mes pasado", language="es", caller=cli_caller(None))
    m = a.metrics[0]
    assert m.target == 400  # Spanish-site override, not the default 360
    value = expected_value(raw, "aht", "halcon", _w("last month").start, _w("last month").end)
    assert m.status == ("met" if value <= 400 else "missed")
    assert "Meta: 400 s" in a.text and "periodo completo" in a.text and "Definición" in a.text


def test_spanish_my_team_today_is_partial(service, raw):
    a = service.answer("¿cómo va el nivel de servicio de mi equipo hoy?", language="es", caller=cli_caller("U0AGT00005"))
    m = a.metrics[0]
    assert m.team == "halcon" and m.metric == "service_level" and m.window.partial is True
    assert m.window.start == m.window.end == local_today().isoformat()
    assert m.value == pytest.approx(expected_value(raw, "service_level", "halcon", local_today(), local_today()), abs=0.01)
    assert "periodo en curso" in a.text and "Nivel de servicio" in a.text and "Halcón" in a.text
    assert a.citations[0].language == "es" and a.citations[0].title == "Nivel de servicio"


def test_my_fcr_is_the_agents_own_number(service, raw):
    a = service.answer("my FCR this month", language="en", caller=cli_caller("U0AGT00001"))
    m = a.metrics[0]
    w = _w("this month")
    assert m.agent == "pho-01" and m.team == "phoenix" and m.window.partial is True
    assert m.value == pytest.approx(expected_value(raw, "fcr", "phoenix", w.start, w.end, "pho-01"), abs=0.01)
    assert "Maya Chen" in a.text and "still running" in a.text


def test_team_overview_and_spanish_overview(service, raw):
    a = service.answer("how is my team doing?", language="en", caller=cli_caller("U0SUP00002"))
    assert [m.metric for m in a.metrics] == service.catalog.overview.metrics
    assert {m.team for m in a.metrics} == {"atlas"}
    w = _w("this week")
    for m in a.metrics:
        want = expected_value(raw, m.metric, "atlas", w.start, w.end)
        assert (m.value is None) == (want is None) and (want is None or m.value == pytest.approx(want, abs=0.05))
    assert "Overview" in a.text and "Atlas" in a.text
    es = service.answer("¿cómo va mi equipo esta semana?", language="es", caller=cli_caller("U0SUP00003"))
    assert {m.team for m in es.metrics} == {"halcon"} and "Resumen" in es.text and "meta" in es.text


def test_compare_two_teams(service, raw):
    a = service.answer("compare service level of Phoenix and Atlas last week", language="en", caller=cli_caller("U0MGR00001"))
    assert [(m.team, m.metric) for m in a.metrics] == [("phoenix", "service_level"), ("atlas", "service_level")]
    w = _w("last week")
    for m in a.metrics:
        assert m.value == pytest.approx(expected_value(raw, "service_level", m.team, w.start, w.end), abs=0.01)
    assert "Comparison" in a.text and "Phoenix" in a.text and "Atlas" in a.text
    es = service.answer("Compara el TMO de Halcón y Cóndor el mes pasado", language="es", caller=cli_caller("U0MGR00002"))
    assert [m.team for m in es.metrics] == ["halcon", "condor"] and "Comparación" in es.text


def test_missing_kb_entry_means_no_citation_not_a_wrong_one(service):
    a = service.answer("CSAT for Orion last week", language="en", caller=cli_caller(None))
    assert [c.id for c in a.citations] == ["kpi-csat"]  # cx60-2.1 is not in this knowledge base
    assert "[2]" not in a.text


def test_window_phrasings_en_es(service):
    today = local_today()
    cases = {
        "AHT for Orion today": (today, today, True),
        "TMO de Orion ayer": (today - dt.timedelta(days=1),) * 2 + (False,),
        "AHT for Orion this week": (today - dt.timedelta(days=today.weekday()), today, True),
        "TMO de Orion la semana pasada": (_w("last week").start, _w("last week").end, False),
        "TMO de Orion este mes": (today.replace(day=1), today, True),
        "AHT for Orion last month": (_w("last month").start, _w("last month").end, False),
        "TMO de Orion en los últimos 7 días": (today - dt.timedelta(days=7), today - dt.timedelta(days=1), False),
        f"AHT for Orion on {(today - dt.timedelta(days=10)).isoformat()}": ((today - dt.timedelta(days=10)),) * 2 + (False,),
        f"AHT for Orion from {(today - dt.timedelta(days=20)).isoformat()} to {(today - dt.timedelta(days=15)).isoformat()}":
            (today - dt.timedelta(days=20), today - dt.timedelta(days=15), False),
    }
    for q, (start, end, partial) in cases.items():
        m = service.answer(q, language="en", caller=cli_caller(None)).metrics[0]
        assert m.window.to_json() == {"start": start.isoformat(), "end": end.isoformat(), "timezone": TZ, "partial": partial}, q


def test_future_date_is_explained(service):
    a = service.answer("AHT for Orion on 2199-01-01", language="en", caller=cli_caller(None))
    assert a.metrics == [] and "in the future" in a.text


def test_timezone_decides_what_today_is(settings, kb, store, demo_dir):
    # 03:00 UTC on a Monday is still Sunday evening in Mexico City.
    monday = local_today() - dt.timedelta(days=local_today().weekday() + 7)
    clock = lambda: dt.datetime.combine(monday, dt.time(3, 0), tzinfo=dt.timezone.utc)  # noqa: E731
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(
        update={"database_url": f"sqlite:///{demo_dir / 'metrics_demo.sqlite'}"})})
    svc = KpiService(s, kb, store, clock=clock)
    m = svc.answer("AHT for Atlas today", language="en", caller=cli_caller(None)).metrics[0]
    sunday = (monday - dt.timedelta(days=1)).isoformat()
    assert m.window.start == sunday and m.window.partial is True
    m = svc.answer("AHT for Atlas this week", language="en", caller=cli_caller(None)).metrics[0]
    assert m.window.start == (monday - dt.timedelta(days=7)).isoformat()  # the week that contains Sunday
    svc.close()


def test_is_kpi_question_routes_numbers_not_definitions(service):
    yes = [
        "AHT for Phoenix last week", "¿cómo va el nivel de servicio de mi equipo hoy?", "my FCR this month",
        "how is my team doing?", "cómo va mi equipo", "compare Phoenix and Atlas", "Compara el TMO de Halcón y Cóndor",
        "what is the AHT for Orion yesterday?", "How am I doing?", "¿Cómo voy este mes?", "service level yesterday",
        "what's our abandonment rate?", "nivel de servicio de Quetzal", "AHT for Zeus",
    ]
    no = [
        "how is AHT calculated?", "¿qué es el TMO?", "what does FCR mean", "What is AHT?", "qué significa FCR",
        "How do I improve my AHT?", "What does COPC item 2.3 require?", "How is service level measured in COPC?",
        "What should my team do for item 2.4?", "What AHT target does COPC require for certification?",
        "¿Cómo se calcula la tasa de abandono?", "Explain forecast accuracy", "hello", "",
    ]
    assert [q for q in yes if not service.is_kpi_question(q, "en")] == []
    assert [q for q in no if service.is_kpi_question(q, "en")] == []


def test_knowledge_golden_questions_are_not_kpi_questions(service):
    golden = ROOT / "tests" / "golden" / "golden.yaml"
    if not golden.is_file():
        pytest.skip("tests/golden/golden.yaml not present")
    data = yaml.safe_load(golden.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
    questions = [i["q"] for i in items if isinstance(i, dict) and i.get("q")]
    assert len(questions) > 20
    assert [q for q in questions if service.is_kpi_question(q, "en")] == []


def test_is_kpi_question_is_cheap(service):
    start = time.perf_counter()
    for _ in range(200):
        service.is_kpi_question("¿cómo va el nivel de servicio de mi equipo hoy?", "es")
    assert (time.perf_counter() - start) / 200 < 0.005


def test_source_down_answers_unavailable_within_the_timeout(settings, kb, store):
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(update={
        "database_url": "postgresql+psycopg://postgres@10.255.255.1:5432/test", "timeout_seconds": 1.0})})
    svc = KpiService(s, kb, store)
    start = time.perf_counter()
    a = svc.answer("AHT for Phoenix last week", language="en", caller=cli_caller("U0SUP00001"))
    elapsed = time.perf_counter() - start
    svc.close()
    assert elapsed < 1.5
    assert a.metrics == [] and "metrics source is unavailable" in a.text and "Traceback" not in a.text
    assert audit_rows(store)[-1].outcome == "unavailable"
    es = KpiService(s, kb, store).answer("TMO de Halcón ayer", language="es", caller=Caller.local_operator())
    assert "no está disponible" in es.text


def test_bad_catalog_fails_at_start_naming_file_and_field(settings, kb, store, tmp_path):
    data = yaml.safe_load((ROOT / "config" / "catalog.yaml").read_text(encoding="utf-8"))
    data["metrics"][3]["target"]["teams"]["atlantis"] = 300
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(update={"catalog_path": path})})
    with pytest.raises(MetricsConfigError, match=r"catalog.yaml: field 'metrics.aht.target.teams.atlantis': unknown team"):
        KpiService(s, kb, store)


def test_bad_timezone_fails_at_start(settings, kb, store):
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(update={"timezone": "Mars/Olympus"})})
    with pytest.raises(MetricsConfigError, match="metrics.timezone"):
        KpiService(s, kb, store)


def test_answering_never_loads_the_embedding_model(settings, tmp_path):
    # A fresh interpreter: other tests in this process have loaded the model already.
    import json
    import subprocess

    script = (
        "import json, sys\n"
        "from assistant.base.settings import load_settings\n"
        "from assistant.base.caller import Caller\n"
        "from assistant.composition.assistant import Assistant\n"
        f"a = Assistant(load_settings(data_dir={str(tmp_path)!r}))\n"
        "out = a.answer('how is my team doing?', caller=Caller.slack_user('U0SUP00001'))\n"
        "print(json.dumps({'intent': out.intent, 'loaded': [m for m in ('sentence_transformers', 'torch', 'chromadb') if m in sys.modules]}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"intent": "kpi", "loaded": []}


def test_embedded_demo_rolls_over_at_midnight(settings, kb, store, tmp_path):
    """The demo database always ends today: a long-running bot extends it when the date changes."""
    now = [dt.datetime(2026, 5, 12, 15, 0, tzinfo=dt.timezone.utc)]
    s = settings.model_copy(update={"data_dir": tmp_path / "data"})
    svc = KpiService(s, kb, store, clock=lambda: now[0])
    first = svc.answer("AHT for Phoenix today", language="en", caller=cli_caller(None)).metrics[0]
    assert first.window.start == "2026-05-12" and first.value is not None
    now[0] += dt.timedelta(days=1)
    second = svc.answer("AHT for Phoenix today", language="en", caller=cli_caller(None)).metrics[0]
    assert second.window.start == "2026-05-13" and second.value is not None
    svc.close()


def test_period_words_are_used_not_replaced_by_the_default(service):
    today = service.today()
    month = (today.replace(day=1) - dt.timedelta(days=70)).replace(day=1)  # inside the demo's 190 days
    a = service.answer(f"AHT for Phoenix in {month.strftime('%B')}", language="en", caller=cli_caller(None))
    w = a.metrics[0].window
    last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    assert (w.start, w.end, w.partial) == (month.isoformat(), last.isoformat(), False)
    b = service.answer("FCR de Orion este mes vs el mes pasado", language="es", caller=cli_caller(None))
    m = b.metrics[0]
    first = today.replace(day=1)
    assert m.window.start == first.isoformat() and m.window.partial is True
    prev_end = first - dt.timedelta(days=1)
    assert "Comparado con (" + prev_end.replace(day=1).isoformat() + " a " + prev_end.isoformat() + ")" in b.text
    c = service.answer("AHT for Phoenix last quarter", language="en", caller=cli_caller(None))
    assert c.metrics == [] and "can't read the period 'last quarter'" in c.text


def test_no_data_is_not_reported_as_a_status(service):
    # Long before the demo data starts: no rows, so no number, and nothing that claims "no target".
    a = service.answer("AHT for Phoenix on 2020-01-06", language="en", caller=cli_caller(None))
    assert a.metrics == [] and "No data for this period. Target: 360 s." in a.text, a.text
    assert "no target" not in a.text and "(better)" not in a.text and "(worse)" not in a.text
