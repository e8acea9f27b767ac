"""`copc ask --json` always prints valid UTF-8; agent ids are names like team names (issue 9, item 6)."""

from __future__ import annotations

from assistant.base.caller import Caller, cli_caller
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.common import valid_utf8
from assistant.base.store import Store
from metrics_adapter.service import KpiService

ROOT = Path(__file__).resolve().parents[2]


def test_cli_json_is_valid_utf8_for_invalid_input_bytes(demo_dir, tmp_path):
    stdin = (b"AHT for Phoenix last week " + b"\xff" * 3000 + b"\n"
             b"\xc3(\xa0\xa1 TMO de Halc\xf3n ayer\n"
             b"AHT for Phoenix last week\n")
    env = {**os.environ, "COPC_CONFIG": "", "COPC_DATA_DIR": str(demo_dir),
           "COPC_STORE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    out = subprocess.run([sys.executable, "-c", "from assistant.cli.main import main; main()", "ask", "--json"],
                         input=stdin, capture_output=True, timeout=120, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.decode("utf-8").splitlines()  # raises if any byte is not UTF-8
    assert len(lines) == 3
    objects = [json.loads(line) for line in lines]
    assert "\ufffd" in objects[0]["question"] and "\ufffd" in objects[1]["question"]
    assert objects[2]["intent"] == "kpi" and objects[2]["metrics"]


def test_valid_utf8_helper():
    assert valid_utf8("a\udcffb") == "a\ufffdb"
    assert valid_utf8("lone \ud800 high") == "lone ? high"
    assert valid_utf8("ñandú ✓") == "ñandú ✓"


@pytest.fixture
def kpi(kpi_settings):
    settings = kpi_settings()
    svc = KpiService(settings, None, Store(settings.resolved_store_url))
    yield svc
    svc.close()


@pytest.mark.parametrize("question", ["AHT for pho-02", "AHT for pho-99 last week", "how is xyz-17 doing?",
                                      "TMO de pho-99 la semana pasada"])
def test_agent_ids_route_to_kpis_whether_or_not_they_exist(kpi, question):
    assert kpi.is_kpi_question(question, "en")


def test_unknown_agent_id_is_treated_like_an_unknown_team(kpi):
    operator = kpi.answer("AHT for pho-99 last week", language="en", caller=cli_caller(None))
    assert 'called "pho-99"' in operator.text and operator.metrics == []
    narnia = kpi.answer("AHT for narnia last week", language="en", caller=cli_caller("U0AGT00001"))
    unknown_id = kpi.answer("AHT for pho-99 last week", language="en", caller=cli_caller("U0AGT00001"))
    assert unknown_id.text == narnia.text and unknown_id.metrics == []  # same refusal, nothing about Phoenix
    es = kpi.answer("TMO de pho-99 la semana pasada", language="es", caller=cli_caller(None))
    assert 'llamado "pho-99"' in es.text


def test_known_agent_id_names_that_person(kpi):
    answer = kpi.answer("AHT for pho-02 last week", language="en", caller=cli_caller("U0SUP00001"))
    assert [m.agent for m in answer.metrics] == ["pho-02"]
    own_team_only = kpi.answer("AHT for pho-02 last week", language="en", caller=cli_caller("U0AGT00001"))
    assert own_team_only.metrics == []  # another agent's numbers: refused, not Phoenix's team numbers
