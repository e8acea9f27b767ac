"""Reasons, escalations claimed once, masking on the way in, and retention deleting exactly the
expired rows, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from assistant.feedback.records import (
    AnswerFeedback, AnswerText, Escalation, FeedbackReason, SlackAnswer, answer_record, claim_escalation,
    record_answer, record_feedback, record_reason, release_escalation,
)
from assistant.feedback.retention import RETAINED, purge_expired

NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc)


def _answer(store, answer_id: str, **kw):
    fields = dict(id=answer_id, surface="mention", question="what is AHT?", language="en", intent="knowledge",
                  cited_ids=["kpi-aht"], latency_ms=12.0, user_id="UASKER", channel_id="CGENERAL", message_ts="1.2")
    fields.update(kw)
    record_answer(store, **fields)


def test_question_and_answer_are_masked_before_storage(store):
    _answer(store, "a1", question="my mail is ana@acme.com and my phone +52 81 1234 5678",
            answer_text="Call 5551234567 for help")
    rec = answer_record(store, "a1")
    assert rec.question == "my mail is [email] and my phone [phone]"
    assert rec.text == "Call [number] for help"
    row = record_reason(store, answer_id="a1", reason="wrong", comment=" reach me at ana@acme.com ", user_id="U1")
    assert row.comment == "reach me at [email]"
    with pytest.raises(ValueError):
        record_reason(store, answer_id="a1", reason="bad", comment=None, user_id="U1")


def test_escalation_is_claimed_once_even_under_concurrent_clicks(store):
    _answer(store, "a2")
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def click():
        barrier.wait()
        results.append(claim_escalation(store, answer_id="a2", user_id="UASKER", target="SHELPERS"))

    threads = [threading.Thread(target=click) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == [False] * 7 + [True]
    release_escalation(store, "a2")  # posting failed: a later click may try again
    assert claim_escalation(store, answer_id="a2", user_id="UASKER", target="SHELPERS") is True


def _age(store, table, key_column, key, when):
    with store.session() as s:
        row = s.scalars(select(table).where(key_column == key)).one()
        row.created_at = when


def test_retention_deletes_exactly_the_expired_rows(store):
    days = 180
    limit = NOW - dt.timedelta(days=days)
    ages = {"old": limit - dt.timedelta(seconds=1), "edge": limit + dt.timedelta(seconds=1), "new": NOW}
    for name, when in ages.items():
        _answer(store, name, answer_text=f"answer {name}")
        record_feedback(store, answer_id=name, value="down", user_id="U1", channel_id="C1", message_ts=None)
        record_reason(store, answer_id=name, reason="outdated", comment="x", user_id="U1")
        claim_escalation(store, answer_id=name, user_id="U1", target="CHELP1")
        _age(store, SlackAnswer, SlackAnswer.id, name, when)
        _age(store, AnswerText, AnswerText.answer_id, name, when)
        _age(store, AnswerFeedback, AnswerFeedback.answer_id, name, when)
        _age(store, FeedbackReason, FeedbackReason.answer_id, name, when)
        _age(store, Escalation, Escalation.answer_id, name, when)
    deleted = purge_expired(store, days, now=NOW)
    assert deleted == {t.__tablename__: 1 for t in RETAINED}
    with store.session() as s:
        assert sorted(s.scalars(select(SlackAnswer.id))) == ["edge", "new"]
        for table in RETAINED:
            assert s.scalar(select(func.count()).select_from(table)) == 2
    assert purge_expired(store, days, now=NOW) == {t.__tablename__: 0 for t in RETAINED}
