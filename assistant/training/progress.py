"""Quizzes, answers and per-user training progress in the shared store.

A quiz is stored when it is handed out (questions, choices, correct answers, recap card), so any
bot replica sharing the store can grade a button click, and grading uses exactly what the person
saw even if the knowledge base changed since. Each person's first answer to a question counts;
clicking again shows the recorded result (Slack users double-click, and Slack retries).

Progress counts only what a person did, never what was merely handed out: a quiz is "started" by
its first answer (a row in ``training_progress`` is created then, not when the quiz is generated),
and a subject is "covered" when the person answered a question about it. Reading a recap card, or
asking for a quiz and walking away, covers nothing: nobody can tell it was read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.base.store import Base, Store


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class TrainingQuiz(Base):
    __tablename__ = "training_quizzes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_by: Mapped[str | None] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(2))
    topic_kind: Mapped[str] = mapped_column(String(16))
    topic_label: Mapped[str] = mapped_column(String(200))
    release: Mapped[str | None] = mapped_column(String(32))
    seed: Mapped[int] = mapped_column(Integer)
    covered_ids: Mapped[list] = mapped_column(JSON)
    questions: Mapped[list] = mapped_column(JSON)
    card: Mapped[dict] = mapped_column(JSON)
    # Posted to a channel by a trainer: everyone answers on their own; feedback is private.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    channel_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class TrainingAnswer(Base):
    __tablename__ = "training_answers"
    __table_args__ = (UniqueConstraint("quiz_id", "user_id", "question_index", name="uq_training_answer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    quiz_id: Mapped[str] = mapped_column(ForeignKey("training_quizzes.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    question_index: Mapped[int] = mapped_column(Integer)
    choice: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class TrainingProgress(Base):
    """One row per person and quiz they answered (created at the first answer): the subjects of the
    questions answered so far, the score once finished, the dates."""

    __tablename__ = "training_progress"
    __table_args__ = (UniqueConstraint("user_id", "quiz_id", name="uq_training_progress"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    quiz_id: Mapped[str] = mapped_column(ForeignKey("training_quizzes.id"), index=True)
    topic_label: Mapped[str] = mapped_column(String(200))
    covered_ids: Mapped[list] = mapped_column(JSON)
    score: Mapped[int | None] = mapped_column(Integer)  # correct answers, set when finished
    total: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass
class StoredQuiz:
    id: str
    created_by: str | None
    language: str
    topic_kind: str
    topic_label: str
    release: str | None
    seed: int
    covered_ids: list[str]
    questions: list[dict[str, Any]]
    card: dict[str, Any]
    shared: bool
    channel_id: str | None


@dataclass
class Grade:
    quiz_id: str
    index: int
    choice: int
    correct: bool
    answer: int  # index of the correct choice
    explanation: str
    citation: dict[str, Any]
    already_answered: bool  # a repeated click: the first answer stands
    answered: dict[int, tuple[int, bool]]  # this person's answers so far: index -> (choice, correct)
    finished: bool
    score: int
    total: int


class QuizNotFound(LookupError):
    pass


class ProgressStore:
    def __init__(self, store: Store):
        self.store = store

    def save_quiz(self, quiz: StoredQuiz) -> None:
        # No progress row yet: the quiz counts as started for someone when they answer.
        # Under the store's deadline: the refresher is shown whether or not this row is written.
        self.store.run(lambda s: s.add(TrainingQuiz(
                id=quiz.id, created_by=quiz.created_by, language=quiz.language, topic_kind=quiz.topic_kind,
                topic_label=quiz.topic_label[:200], release=quiz.release, seed=quiz.seed,
                covered_ids=quiz.covered_ids, questions=quiz.questions, card=quiz.card, shared=quiz.shared,
                channel_id=quiz.channel_id,
            )))

    def quiz(self, quiz_id: str) -> StoredQuiz:
        with self.store.session() as s:
            row = s.get(TrainingQuiz, quiz_id)
            if row is None:
                raise QuizNotFound(quiz_id)
            return StoredQuiz(
                id=row.id, created_by=row.created_by, language=row.language, topic_kind=row.topic_kind,
                topic_label=row.topic_label, release=row.release, seed=row.seed, covered_ids=list(row.covered_ids),
                questions=list(row.questions), card=dict(row.card), shared=row.shared, channel_id=row.channel_id,
            )

    def answers(self, quiz_id: str, user_id: str) -> dict[int, tuple[int, bool]]:
        with self.store.session() as s:
            rows = s.scalars(select(TrainingAnswer).where(
                TrainingAnswer.quiz_id == quiz_id, TrainingAnswer.user_id == user_id))
            return {r.question_index: (r.choice, r.correct) for r in rows}

    def record_answer(self, quiz: StoredQuiz, user_id: str, index: int, choice: int) -> Grade:
        """Grade ``choice`` for question ``index``; the person's first answer is the one that counts."""
        if not 0 <= index < len(quiz.questions):
            raise ValueError(f"question {index + 1} is not in this quiz")
        question = quiz.questions[index]
        if not 0 <= choice < len(question["choices"]):
            raise ValueError(f"choice {choice + 1} is not offered for question {index + 1}")
        correct = choice == question["answer"]
        already = False
        try:
            with self.store.session() as s:
                s.add(TrainingAnswer(quiz_id=quiz.id, user_id=user_id, question_index=index, choice=choice, correct=correct))
        except IntegrityError:
            already = True  # answered before (double click, retry, or another replica won the race)
        answered = self.answers(quiz.id, user_id)
        total = len(quiz.questions)
        score = sum(1 for _, ok in answered.values() if ok)
        finished = len(answered) == total
        self._update_progress(quiz, user_id, answered, score if finished else None, finished)
        first_choice, first_correct = answered.get(index, (choice, correct))
        return Grade(
            quiz_id=quiz.id, index=index, choice=first_choice, correct=first_correct, answer=question["answer"],
            explanation=question["explanation"], citation=question["citation"], already_answered=already,
            answered=answered, finished=finished, score=score, total=total,
        )

    def _update_progress(
        self, quiz: StoredQuiz, user_id: str, answered: dict[int, tuple[int, bool]], score: int | None, finished: bool,
    ) -> None:
        covered = _subjects(quiz.questions, answered)
        for attempt in range(2):
            try:
                with self.store.session() as s:
                    row = s.scalars(select(TrainingProgress).where(
                        TrainingProgress.user_id == user_id, TrainingProgress.quiz_id == quiz.id)).first()
                    if row is None:
                        row = _progress_row(quiz, user_id)
                        s.add(row)
                    row.covered_ids = covered
                    if finished and row.completed_at is None:
                        row.score = score
                        row.completed_at = _now()
                return
            except IntegrityError:
                if attempt:
                    raise  # a concurrent insert of the same row: the retry finds it

    def summary(self, user_id: str) -> dict[str, Any]:
        """What `/copc progress` shows: quizzes taken and finished, scores, topics covered, dates.

        Only answered quizzes count as started, and only subjects of answered questions as covered
        (rows written before that rule, for quizzes nobody answered, are ignored).
        """
        with self.store.session() as s:
            answered = list(s.execute(
                select(TrainingAnswer, TrainingQuiz.questions)
                .join(TrainingQuiz, TrainingQuiz.id == TrainingAnswer.quiz_id)
                .where(TrainingAnswer.user_id == user_id)
            ))
            rows = list(s.scalars(select(TrainingProgress).where(TrainingProgress.user_id == user_id)
                                  .order_by(TrainingProgress.started_at.desc(), TrainingProgress.id.desc())))
        answered_quizzes = {a.quiz_id for a, _ in answered}
        rows = [r for r in rows if r.quiz_id in answered_quizzes]
        finished = [r for r in rows if r.completed_at is not None]
        covered: dict[str, dt.datetime] = {}
        for a, questions in answered:
            subject = _subject(questions, a.question_index)
            when = _aware(a.answered_at)
            if subject and (subject not in covered or when > covered[subject]):
                covered[subject] = when
        correct = sum(1 for a, _ in answered if a.correct)
        points = sum(r.score or 0 for r in finished)
        possible = sum(r.total for r in finished)
        last = max((_aware(r.completed_at or r.started_at) for r in rows), default=None)
        return {
            "user": user_id,
            "quizzes_started": len(rows),
            "quizzes_finished": len(finished),
            "questions_answered": len(answered),
            "correct_answers": correct,
            "average_score_pct": round(100 * points / possible) if possible else None,
            "covered": [{"id": k, "last": v.date().isoformat()} for k, v in sorted(covered.items(), key=lambda kv: kv[1], reverse=True)],
            "recent": [
                {
                    "quiz_id": r.quiz_id, "topic": r.topic_label, "score": r.score, "total": r.total,
                    "started": r.started_at.date().isoformat(),
                    "completed": r.completed_at.date().isoformat() if r.completed_at else None,
                }
                for r in rows[:5]
            ],
            "last_activity": last.date().isoformat() if last else None,
        }


def _aware(when: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes even for timezone-aware columns; they were stored as UTC.
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _subject(questions: list[dict[str, Any]], index: int) -> str | None:
    if 0 <= index < len(questions or []):
        return questions[index].get("subject")
    return None


def _subjects(questions: list[dict[str, Any]], answered: dict[int, tuple[int, bool]]) -> list[str]:
    """Subjects of the answered questions, in question order, each once."""
    return list(dict.fromkeys(s for i in sorted(answered) if (s := _subject(questions, i))))


def _progress_row(quiz: StoredQuiz, user_id: str) -> TrainingProgress:
    return TrainingProgress(
        user_id=user_id, quiz_id=quiz.id, topic_label=quiz.topic_label[:200], covered_ids=[],
        total=len(quiz.questions),
    )
