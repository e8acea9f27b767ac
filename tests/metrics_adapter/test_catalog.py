"""The governed catalog and the directory: shipped files are valid, broken ones name file and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from metrics_adapter.catalog import load_catalog
from assistant.people.directory import load_directory
from metrics_adapter.errors import MetricsConfigError
from assistant.people.directory import DirectoryError
from metrics_adapter.windows import parse_window

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "config" / "catalog.yaml"
RATIO_METRICS = {
    "service_level", "abandonment_rate", "fcr", "csat", "transaction_accuracy", "schedule_adherence",
    "attrition", "absenteeism", "forecast_accuracy", "occupancy",
}


def test_shipped_catalog_is_complete():
    cat = load_catalog(CATALOG)
    assert RATIO_METRICS | {"aht", "asa"} <= set(cat.metrics)
    for m in cat.metrics.values():
        assert m.en.name and m.es.name and m.definition.en and m.definition.es
        assert m.kb_entry and m.kb_entry.startswith("kpi-")
        assert m.copc_item
        parse_window(m.default_window, dt.date(2026, 3, 15), "UTC")
        if m.id in RATIO_METRICS:
            assert m.unit == "percent"
            assert m.compute.sql.numerator != m.compute.sql.denominator
    # Aliases people actually use, in both languages.
    assert cat.lookup("TMO").id == "aht" and cat.lookup("AHT").id == "aht"
    assert cat.lookup("nivel de servicio").id == "service_level"
    assert cat.lookup("resolución en el primer contacto").id == "fcr"
    assert cat.lookup("Ocupacion").id == "occupancy"  # accents optional
    assert cat.lookup("forecast-accuracy").id == "forecast_accuracy"


def _broken_catalog(tmp_path, mutate) -> Path:
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "mutate, field, message",
    [
        (lambda d: d["metrics"][3].update(direction="up"), "metrics[3].direction", "'higher' or 'lower'"),
        (lambda d: d["metrics"][0].pop("unit"), "metrics[0].unit", "required"),
        (lambda d: d["metrics"][1]["compute"]["sql"].update(numerator="wait_seconds; DROP TABLE teams"),
         "metrics[1].compute.sql.numerator", "unsupported character"),
        (lambda d: d["metrics"][1]["compute"]["sql"].update(table="queue daily"), "metrics[1].compute.sql.table", "identifier"),
        (lambda d: d["metrics"][2]["compute"]["sql"].update(numerator="pg_sleep(10)"), "metrics[2].compute.sql.numerator", "not allowed"),
        (lambda d: d["overview"]["metrics"].append("nps"), "overview.metrics[10]", "unknown metric 'nps'"),
    ],
)
def test_broken_catalog_names_file_and_field(tmp_path, mutate, field, message):
    path = _broken_catalog(tmp_path, mutate)
    with pytest.raises(MetricsConfigError) as err:
        load_catalog(path)
    text = str(err.value)
    assert "catalog.yaml, line " in text and f"field '{field}" in text and message in text


def test_catalog_yaml_syntax_error_names_line(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("version: 1\nmetrics: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(MetricsConfigError, match=r"catalog.yaml, line \d+: YAML syntax error"):
        load_catalog(path)


def test_shipped_directory(settings):
    d = load_directory(settings)
    assert {t.id for t in d.teams.values()} == {"phoenix", "atlas", "orion", "halcon", "condor", "quetzal"}
    assert {t.site for t in d.teams.values()} == {"Austin", "Monterrey"}
    roles = {p.role for p in d.people.values()}
    assert roles == {"agent", "supervisor", "trainer", "manager"}
    assert d.lookup_team("Halcon").id == "halcon" and d.lookup_team("CÓNDOR").id == "condor"
    maya = d.person("U0AGT00001")
    assert maya.role == "agent" and maya.teams == ["phoenix"] and maya.agent_id == "pho-01"
    assert d.person("U999NOBODY") is None


@pytest.mark.parametrize(
    "text, field, message",
    [
        ("teams: [{id: a, name: A}]\npeople:\n  - {user_id: U0X00001, name: X, role: boss}\n",
         "people[0].role", "'agent', 'supervisor', 'trainer' or 'manager'"),
        ("teams: [{id: a, name: A}]\npeople:\n  - {user_id: U0X00001, name: X, role: agent, teams: [b]}\n",
         "people[0].teams[0]", "unknown team 'b'"),
        ("teams: [{id: a, name: A}]\npeople:\n  - {user_id: not-a-slack-id, name: X, role: manager}\n",
         "people[0].user_id", "should match pattern"),
        ("teams: [{id: a, name: A}]\npeople:\n  - {user_id: U0X00001, name: X, role: supervisor}\n",
         "people[0]", "needs at least one team"),
    ],
)
def test_broken_directory_names_file_and_field(settings, tmp_path, text, field, message):
    path = tmp_path / "directory.yaml"
    path.write_text(text, encoding="utf-8")
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(update={"directory_path": path})})
    with pytest.raises(DirectoryError) as err:
        load_directory(s)
    out = str(err.value)
    assert "directory.yaml, line " in out and f"field '{field}" in out and message in out, out


PLUGIN = '''
from assistant.people.directory import Directory, Person, Team


def load(settings):  # stands in for an HR system or a SQL table
    return Directory({"north": Team(id="north", name="North")},
                     {"U0PLUGIN01": Person(user_id="U0PLUGIN01", name="Plug In", role="manager")})
'''


def test_directory_loader_plugs_any_source(settings, tmp_path, monkeypatch):
    (tmp_path / "hr_directory.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(
        update={"directory_loader": "hr_directory:load"})})
    d = load_directory(s)
    assert d.person("U0PLUGIN01").role == "manager" and list(d.teams) == ["north"]
