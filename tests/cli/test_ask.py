"""The `copc` command line as other tools use it: a real process, real model, real index."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

COPC = str(Path(sys.executable).with_name("copc"))


def run(args, env_extra=None, stdin=None, timeout=300):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([COPC, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def env(assistant, core_settings):
    # The session fixture already built the index in this data dir: the CLI reuses it.
    return {"COPC_DATA_DIR": str(core_settings.data_dir)}


def test_ask_json_reads_stdin_in_order(env):
    questions = ["what does item 2.3 require?", "¿qué es el TMO?", "", "write me a poem", "item 2.10"]
    proc = run(["ask", "--json"], env, stdin="\n".join(questions) + "\n")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["question"] for o in lines] == questions
    assert lines[0]["citations"][0]["id"] == "csp51-2.3" and lines[0]["citations"][0]["release"] == "CSP 5.1"
    assert lines[1]["language"] == "es"
    assert lines[3]["intent"] == "no_answer" and lines[3]["citations"] == []
    assert lines[4]["citations"][0]["item"] == "2.10"
    assert "Traceback" not in proc.stderr


def test_ask_text_with_release_and_lang(env):
    proc = run(["ask", "2.3", "--release", "CX 6.0", "--lang", "es"], env)
    assert proc.returncode == 0, proc.stderr
    assert "Ítem 2.3" in proc.stdout and "Fuentes:" in proc.stdout and "CX 6.0" in proc.stdout


def test_kb_validate_and_list(env, tmp_path):
    ok = run(["kb", "validate"], env)
    assert ok.returncode == 0 and "Knowledge base OK" in ok.stdout
    listed = run(["kb", "list", "--release", "6.0", "--json"], env)
    rows = json.loads(listed.stdout)
    assert rows and {r["release"] for r in rows} == {"CX 6.0"}
    bad = tmp_path / "kb"
    bad.mkdir()
    (bad / "releases.yaml").write_text("releases:\n  - id: X\n    standard: CSP\n")
    broken = run(["kb", "validate"], {**env, "COPC_KNOWLEDGE_DIR": str(bad)})
    assert broken.returncode == 1
    assert "releases.yaml, line 2" in broken.stderr and "name_en" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_bad_setting_is_one_clear_line(env):
    proc = run(["ask", "2.3"], {**env, "COPC_SEARCH__TOP_K": "many"})
    assert proc.returncode == 2
    assert "search.top_k" in proc.stderr and "Traceback" not in proc.stderr


def test_wrong_model_setting_is_reported(env):
    proc = run(["ask", "what is kcrp"], {**env, "COPC_SEARCH__EMBEDDING_MODEL": "/nonexistent/model"})
    assert proc.returncode == 2
    assert "search.embedding_model" in proc.stderr and "Traceback" not in proc.stderr


def test_flag_values_are_checked(env):
    assert run(["ask", "2.3", "--lang", "ES"], env).returncode == 0
    bad = run(["kb", "list", "--kind", "bogus"], env)
    assert bad.returncode == 2 and "--kind" in bad.stderr


def test_undecodable_stdin_line_does_not_stop_the_batch(env):
    env2 = dict(os.environ, **env)
    proc = subprocess.run([COPC, "ask", "--json"], input=b"2.3\n\xff\xfe x\nitem 2.10\n", capture_output=True,
                          env=env2, timeout=300)
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 0 and len(lines) == 3
    assert lines[2]["citations"][0]["item"] == "2.10"
