"""Owners and review intervals on knowledge entries; `verify` edits only the `reviewed` lines."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from assistant.knowledge.kb.loader import load_knowledge
from assistant.knowledge.review import ReviewError, due_for_review, review_statuses, verify

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb_copy(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    return target


def test_defaults_apply_and_entry_fields_override(kb_copy):
    path = kb_copy / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("    reviewed: ")
    path.write_text(text[:first] + "    owner: U0TRN00001\n    review_interval_days: 3\n" + text[first:], encoding="utf-8")
    kb = load_knowledge(kb_copy)
    statuses = {s.entry_id: s for s in review_statuses(kb, default_owner="manager", default_interval_days=365)}
    own = statuses["concept-approach-deployment"]
    assert own.owner == "U0TRN00001" and own.interval_days == 3 and own.due == own.reviewed + dt.timedelta(days=3)
    other = statuses["concept-compliance-rules"] if "concept-compliance-rules" in statuses else next(
        s for s in statuses.values() if s.entry_id != own.entry_id)
    assert other.owner == "manager" and other.interval_days == 365
    due = due_for_review(list(statuses.values()), own.reviewed + dt.timedelta(days=3))
    assert [s.entry_id for s in due] == ["concept-approach-deployment"]
    assert len(due_for_review(list(statuses.values()), dt.date(2100, 1, 1))) == len(kb.entries)


def test_verify_every_entry_changes_only_reviewed_lines(kb_copy):
    kb = load_knowledge(kb_copy)
    before = {p: p.read_text(encoding="utf-8") for p in kb_copy.rglob("*.yaml")}
    changed = verify(kb_copy, kb, list(kb.entries), dt.date(2026, 12, 2))
    assert sum(len(ids) for ids in changed.values()) == len(kb.entries)
    for path, old in before.items():
        new = path.read_text(encoding="utf-8")
        diff = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
                if not line.startswith(("---", "+++", "@@"))]
        removed = [line for line in diff if line.startswith("-")]
        added = [line for line in diff if line.startswith("+")]
        assert all(line.strip().startswith("-reviewed:") or line.lstrip("-").strip().startswith("reviewed:")
                   for line in removed), (path, removed[:3])
        assert added == [line.replace("2026-11-23", "2026-12-02").replace("-", "+", 1) for line in removed], path
    reloaded = load_knowledge(kb_copy)
    assert {e.reviewed for e in reloaded.entries.values()} == {dt.date(2026, 12, 2)}


def test_verify_refuses_unknown_ids_and_touches_nothing(kb_copy):
    kb = load_knowledge(kb_copy)
    before = (kb_copy / "concepts.yaml").read_text(encoding="utf-8")
    with pytest.raises(ReviewError, match="no-such-entry"):
        verify(kb_copy, kb, ["concept-approach-deployment", "no-such-entry"], dt.date(2026, 12, 2))
    assert (kb_copy / "concepts.yaml").read_text(encoding="utf-8") == before


def test_answer_from_overdue_content_says_when_it_was_last_reviewed(assistant, monkeypatch):
    from assistant.base.caller import cli_caller

    fresh = assistant.answer("what does item 2.3 require?", caller=cli_caller(None))
    assert "Last reviewed" not in fresh.text
    monkeypatch.setattr(assistant.settings.owners, "review_interval_days", 1)
    stale = assistant.answer("what does item 2.3 require?", caller=cli_caller(None))
    reviewed = assistant.kb.entries[stale.citations[0].id].reviewed
    assert f"Last reviewed on {reviewed.isoformat()}" in stale.text
    es = assistant.answer("¿Qué exige el ítem 2.3?", caller=cli_caller(None))
    assert f"Última revisión: {reviewed.isoformat()}" in es.text
