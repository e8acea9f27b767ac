"""`copc report`, `copc kb stale`, `copc kb verify`, `copc retention purge` as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.base.store import Store
from assistant.composition import tables as _tables  # noqa: F401
from assistant.feedback.records import SlackAnswer, record_answer
from assistant.cli.owners import parse_since

ROOT = Path(__file__).resolve().parents[2]


def copc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "assistant.cli.main", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def env(tmp_path, core_data_dir):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    return {"COPC_DATA_DIR": str(core_data_dir), "COPC_STORE_URL": f"sqlite:///{tmp_path / 'copc.db'}",
            "COPC_KNOWLEDGE_DIR": str(knowledge)}


def test_since_accepts_durations_and_dates():
    now = dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)
    assert parse_since("7d", now) == now - dt.timedelta(days=7)
    assert parse_since("2w", now) == now - dt.timedelta(weeks=2)
    assert parse_since("2026-11-01", now) == dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    with pytest.raises(ValueError, match="--since"):
        parse_since("last tuesday", now)


def test_stale_and_verify(env):
    out = copc("kb", "stale", "--json", env={**env, "COPC_OWNERS__REVIEW_INTERVAL_DAYS": "1"})
    assert out.returncode == 0, out.stderr
    due = json.loads(out.stdout)
    assert due and all(d["owner"] == "manager" for d in due)
    assert json.loads(copc("kb", "stale", "--json", env=env).stdout) == []
    target = due[0]["id"]
    out = copc("kb", "verify", target, "--on", "2030-01-02", env={**env, "COPC_OWNERS__REVIEW_INTERVAL_DAYS": "1"})
    assert out.returncode == 0 and "2030-01-02" in out.stdout, out.stderr
    after = json.loads(copc("kb", "stale", "--json", env={**env, "COPC_OWNERS__REVIEW_INTERVAL_DAYS": "1"}).stdout)
    assert target not in {d["id"] for d in after} and len(after) == len(due) - 1
    bad = copc("kb", "verify", "no-such-entry", env=env)
    assert bad.returncode == 1 and "unknown entry id" in bad.stderr and "Traceback" not in bad.stderr


def test_report_for_owner_refused_for_non_owner_and_purge(env, tmp_path):
    store = Store(env["COPC_STORE_URL"])
    record_answer(store, id="r1", surface="dm", question="where do I park?", language="en", intent="no_answer",
                  cited_ids=[], latency_ms=3.0, user_id="U0AGT00001", channel_id="DX", message_ts=None)
    record_answer(store, id="r2", surface="dm", question="old question", language="en", intent="no_answer",
                  cited_ids=[], latency_ms=3.0, user_id="U0AGT00001", channel_id="DX", message_ts=None)
    with store.session() as s:
        s.get(SlackAnswer, "r2").created_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)
    refused = copc("report", "--user", "U0AGT00001", env=env)
    assert refused.returncode == 1 and "owners only" in refused.stderr and "park" not in refused.stdout
    chart = tmp_path / "weekly.png"
    out = copc("report", "--since", "30d", "--format", "json", "--user", "U0TRN00001", "--chart", str(chart), env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["questions"] == 1 and data["gaps"][0]["examples"] == {"en": "where do I park?"}
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert copc("report", "--format", "xml", env=env).returncode == 2
    purge = copc("retention", "purge", env=env)
    assert purge.returncode == 0 and "slack_answers 1" in purge.stdout
    with store.session() as s:
        assert s.get(SlackAnswer, "r2") is None and s.get(SlackAnswer, "r1") is not None
