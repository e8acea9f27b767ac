"""Answers posted in Slack and the 👍/👎 feedback on them, in the shared store."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.base.store import Base, Store


def _now() -> datetime:
    return datetime.now(timezone.utc)


class SlackAnswer(Base):
    """One answer the bot posted; the feedback buttons carry its id."""

    __tablename__ = "slack_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    surface: Mapped[str] = mapped_column(String(16))  # mention | dm | thread | channel | command
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    intent: Mapped[str] = mapped_column(String(16))
    cited_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    latency_ms: Mapped[float] = mapped_column(Float)
    user_id: Mapped[str | None] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))


class AnswerFeedback(Base):
    """One 👍/👎 click, self-contained (question, language, cited ids and latency copied in)."""

    __tablename__ = "answer_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    answer_id: Mapped[str] = mapped_column(String(32), index=True)
    value: Mapped[str] = mapped_column(String(8))  # up | down
    question: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(2))
    cited_ids: Mapped[list[str] | None] = mapped_column(JSON)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    user_id: Mapped[str | None] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))


def record_answer(store: Store, **fields: Any) -> None:
    # Under the store's deadline: the answer is already posted; a slow store must not hold the worker.
    store.run(lambda session: session.add(SlackAnswer(**fields)))


def record_feedback(
    store: Store, *, answer_id: str, value: str, user_id: str | None, channel_id: str | None, message_ts: str | None
) -> AnswerFeedback:
    """Store a click; the answer's details are copied from its log row when it exists."""
    if value not in ("up", "down"):
        raise ValueError(f"feedback value must be 'up' or 'down', not {value!r}")
    with store.session() as session:
        answer = session.get(SlackAnswer, answer_id)
        row = AnswerFeedback(
            answer_id=answer_id,
            value=value,
            question=answer.question if answer else None,
            language=answer.language if answer else None,
            cited_ids=answer.cited_ids if answer else None,
            latency_ms=answer.latency_ms if answer else None,
            user_id=user_id,
            channel_id=channel_id,
            message_ts=message_ts or (answer.message_ts if answer else None),
        )
        session.add(row)
    return row


def feedback_for(store: Store, answer_id: str) -> list[AnswerFeedback]:
    with store.session() as session:
        return list(session.scalars(select(AnswerFeedback).where(AnswerFeedback.answer_id == answer_id)))


def answer_language(store: Store, answer_id: str) -> str | None:
    with store.session() as session:
        answer = session.get(SlackAnswer, answer_id)
        return answer.language if answer else None
