"""Answers posted in Slack and the 👍/👎 feedback on them, in the shared store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.base.store import Base, Store
from assistant.feedback.masking import mask

# Why an answer got a 👎 (the modal's choices; labels in the message catalog).
REASONS = ("wrong", "outdated", "not_asked", "missing_info", "other")
COMMENT_CHARS = 2000
ANSWER_CHARS = 4000


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


# New tables rather than new columns: the store has no migration tool yet (schema v1), and
# create_all adds missing tables to an existing database but never columns to existing tables.
class FeedbackReason(Base):
    """The reason given in the 👎 modal (one row per submission)."""

    __tablename__ = "feedback_reasons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    answer_id: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)  # masked
    user_id: Mapped[str | None] = mapped_column(String(32))


class AnswerText(Base):
    """The text the bot answered with (masked), for escalations and the report."""

    __tablename__ = "answer_texts"

    answer_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    text: Mapped[str] = mapped_column(Text)


class Escalation(Base):
    """A "still need help?" click that brought in a person; the primary key makes it once per answer."""

    __tablename__ = "answer_escalations"

    answer_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    user_id: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(64))  # user group (S...) or channel (C...)
    posted_ts: Mapped[str | None] = mapped_column(String(32))


def record_answer(store: Store, *, answer_text: str | None = None, **fields: Any) -> None:
    """Store an answer shown to someone; the question and answer text are masked first."""
    fields["question"] = mask(fields.get("question")) or ""

    def write(session) -> None:
        session.add(SlackAnswer(**fields))
        if answer_text is not None:
            session.add(AnswerText(answer_id=fields["id"], text=mask(answer_text[:ANSWER_CHARS]) or ""))

    # Under the store's deadline: the answer is already posted; a slow store must not hold the worker.
    store.run(write)


def record_reason(store: Store, *, answer_id: str, reason: str, comment: str | None, user_id: str | None) -> FeedbackReason:
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {', '.join(REASONS)}, not {reason!r}")
    comment = (comment or "").strip()[:COMMENT_CHARS] or None
    row = FeedbackReason(answer_id=answer_id, reason=reason, comment=mask(comment), user_id=user_id)
    with store.session() as session:
        session.add(row)
    return row


@dataclass(frozen=True)
class AnswerRecord:
    """What an escalation needs to know about an answer."""

    answer_id: str
    question: str
    text: str | None
    language: str
    channel_id: str | None
    message_ts: str | None
    user_id: str | None
    surface: str


def answer_record(store: Store, answer_id: str) -> AnswerRecord | None:
    with store.session() as session:
        answer = session.get(SlackAnswer, answer_id)
        if answer is None:
            return None
        text = session.get(AnswerText, answer_id)
        return AnswerRecord(answer_id, answer.question, text.text if text else None, answer.language,
                            answer.channel_id, answer.message_ts, answer.user_id, answer.surface)


def claim_escalation(store: Store, *, answer_id: str, user_id: str | None, target: str) -> bool:
    """True for the first click on an answer's "still need help?"; False if it was already claimed
    (a double click, a retry, another replica): the insert is the lock, the database decides."""
    try:
        with store.session() as session:
            session.add(Escalation(answer_id=answer_id, user_id=user_id, target=target))
    except IntegrityError:
        return False
    return True


def escalation_posted(store: Store, answer_id: str, ts: str | None) -> None:
    with store.session() as session:
        row = session.get(Escalation, answer_id)
        if row is not None:
            row.posted_ts = ts


def release_escalation(store: Store, answer_id: str) -> None:
    """Posting failed: let a later click try again."""
    with store.session() as session:
        row = session.get(Escalation, answer_id)
        if row is not None and row.posted_ts is None:
            session.delete(row)


def escalation_for(store: Store, answer_id: str) -> Escalation | None:
    with store.session() as session:
        return session.get(Escalation, answer_id)


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
