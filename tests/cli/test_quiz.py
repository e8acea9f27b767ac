"""`copc quiz` through typer's CliRunner: JSON output and an interactive run with a final score."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.fixtures.training import *  # noqa: F401,F403  (this feature's fixtures)

from assistant.cli.main import app
from assistant.base.settings import get_settings


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("COPC_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_quiz_json(cli_env, kb):
    result = CliRunner().invoke(app, ["quiz", "2.3", "--release", "CX 6.0", "--lang", "es", "--seed", "4", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["intent"] == "refresher" and data["language"] == "es" and data["seed"] == 4
    assert data["card"]["entries"][0]["id"] == "cx60-2.3"
    assert 3 <= len(data["quiz"]) <= 5
    for q in data["quiz"]:
        assert q["citation"]["id"] in kb.entries
    again = CliRunner().invoke(app, ["quiz", "2.3", "--release", "CX 6.0", "--lang", "es", "--seed", "4", "--json"])
    assert json.loads(again.output)["quiz"] == data["quiz"]


def test_quiz_interactive_scores_and_records_progress(cli_env):
    runner = CliRunner()
    spec = json.loads(runner.invoke(app, ["quiz", "kpis", "--seed", "9", "--questions", "3", "--json"]).output)["quiz"]
    # Answer the first question right and the others wrong (1-based choices on the terminal).
    picks = [spec[0]["answer"] + 1] + [((q["answer"] + 1) % len(q["choices"])) + 1 for q in spec[1:]]
    result = runner.invoke(app, ["quiz", "kpis", "--seed", "9", "--questions", "3", "--user", "tester"],
                           input="".join(f"{p}\n" for p in picks))
    assert result.exit_code == 0, result.output
    assert result.output.count("✔") == 1 and result.output.count("✘") == 2
    assert spec[1]["explanation"] in result.output
    assert "Score: 1/3 (33%)" in result.output

    from assistant.knowledge.kb.loader import load_knowledge
    from assistant.training.service import TrainingService
    from assistant.base.store import Store

    settings = get_settings()
    service = TrainingService(settings, load_knowledge(settings.knowledge_dir), Store(settings.resolved_store_url))
    progress = service.progress_for("tester")
    assert progress["quizzes_finished"] == 1 and progress["correct_answers"] == 1


def test_quiz_rejects_out_of_range_answers_then_accepts(cli_env):
    result = CliRunner().invoke(app, ["quiz", "AHT", "--seed", "1", "--questions", "3"], input="9\nx\n1\n1\n1\n")
    assert result.exit_code == 0
    assert "Type a number from 1 to" in result.output
    assert "Score: " in result.output


def test_quiz_bad_input_is_a_clear_message(cli_env):
    runner = CliRunner()
    bad_release = runner.invoke(app, ["quiz", "2.3", "--release", "CSP 9.9"])
    assert bad_release.exit_code == 2 and "Known releases" in bad_release.output
    assert "Traceback" not in bad_release.output
    bad_lang = runner.invoke(app, ["quiz", "2.3", "--lang", "fr"])
    assert bad_lang.exit_code != 0 and "en or es" in bad_lang.output
    unknown = runner.invoke(app, ["quiz", "escalations"])
    assert unknown.exit_code == 1 and "escalations" in unknown.output
