"""Retention: questions, answers and feedback text are kept ``retention_days`` and then deleted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete

from assistant.base.store import Store
from assistant.feedback.records import AnswerFeedback, AnswerText, Escalation, FeedbackReason, SlackAnswer

# Every table of this feature that holds what a person wrote or was told.
RETAINED = (SlackAnswer, AnswerText, AnswerFeedback, FeedbackReason, Escalation)


def cutoff(retention_days: int, now: datetime | None = None) -> datetime:
    return (now or datetime.now(timezone.utc)) - timedelta(days=retention_days)


def purge_expired(store: Store, retention_days: int, now: datetime | None = None) -> dict[str, int]:
    """Delete rows created before now - retention_days, in one transaction; {table: rows deleted}."""
    limit = cutoff(retention_days, now)
    deleted: dict[str, int] = {}
    with store.session() as session:
        for table in RETAINED:
            result = session.execute(delete(table).where(table.created_at < limit))
            deleted[table.__tablename__] = result.rowcount or 0
    return deleted
