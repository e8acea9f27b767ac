"""The owners' gaps report: what the bot could not answer, what people disliked, what is asked.

Built from the feature's own tables for a window of time. Unanswered and escalated questions are
grouped into topics by embedding similarity (the caller passes the embedding function, so this
package does not load a model); everything else is counting. People appear (``who``) only when
the report is built for an owner.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from sqlalchemy import select

from assistant.base.store import Store
from assistant.feedback.records import AnswerFeedback, Escalation, FeedbackReason, SlackAnswer

Embed = Callable[[list[str]], np.ndarray]
LabelFor = Callable[[str], tuple[str, str] | None]  # entry id -> (kind, label)

REFUSED = "no_answer"
TOP_N = 10
EXAMPLES_SHOWN = 50  # 👎 answers listed in full; the counts cover all of them


@dataclass
class GapTopic:
    count: int
    examples: dict[str, str]  # language -> the most frequent wording in that language
    languages: dict[str, int]
    escalated: int = 0


@dataclass
class DownVote:
    answer_id: str
    question: str
    language: str
    surface: str
    reasons: list[str]
    comments: list[str]
    cited_ids: list[str]
    who: str | None = None  # only in owners' reports


@dataclass
class RateRow:
    language: str
    surface: str
    questions: int
    answered: int
    refused: int
    escalated: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0

    @property
    def refusal_rate(self) -> float:
        return self.refused / self.questions if self.questions else 0.0


@dataclass
class WeekRow:
    week: dt.date  # Monday of the ISO week
    questions: int
    answered: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


@dataclass
class Asked:
    entry_id: str
    label: str
    count: int


@dataclass
class GapsReport:
    since: dt.datetime
    until: dt.datetime
    questions: int
    gaps: list[GapTopic] = field(default_factory=list)
    gap_questions: int = 0
    downvotes: list[DownVote] = field(default_factory=list)
    downvote_total: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    rates: list[RateRow] = field(default_factory=list)
    weekly: list[WeekRow] = field(default_factory=list)
    top_topics: list[Asked] = field(default_factory=list)
    top_items: list[Asked] = field(default_factory=list)
    show_people: bool = False


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def group_by_similarity(texts: list[str], weights: list[int], vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy leader clustering: most frequent wording first; each text joins the topic whose
    centroid is most similar if that similarity reaches ``threshold``, else starts a topic."""
    order = sorted(range(len(texts)), key=lambda i: (-weights[i], texts[i]))
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    sums = np.zeros((0, vectors.shape[1]), dtype=np.float32)
    groups: list[list[int]] = []
    for i in order:
        if groups:
            centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
            sims = centroids @ vectors[i]
            best = int(np.argmax(sims))
            if sims[best] >= threshold:
                groups[best].append(i)
                sums[best] += vectors[i]
                continue
        groups.append([i])
        sums = np.vstack([sums, vectors[i][None, :]])
    return groups


def build_report(
    store: Store,
    *,
    since: dt.datetime,
    until: dt.datetime,
    embed: Embed,
    label_for: LabelFor,
    similarity: float,
    show_people: bool = False,
    person_name: Callable[[str], str | None] | None = None,
) -> GapsReport:
    with store.session() as session:
        answers = session.execute(
            select(SlackAnswer.id, SlackAnswer.created_at, SlackAnswer.surface, SlackAnswer.question,
                   SlackAnswer.language, SlackAnswer.intent, SlackAnswer.cited_ids)
            .where(SlackAnswer.created_at >= since, SlackAnswer.created_at < until)
        ).all()
        escalated = dict(session.execute(
            select(Escalation.answer_id, Escalation.user_id)
            .where(Escalation.created_at >= since, Escalation.created_at < until)).all())
        downs = session.execute(
            select(AnswerFeedback.answer_id, AnswerFeedback.user_id)
            .where(AnswerFeedback.value == "down", AnswerFeedback.created_at >= since,
                   AnswerFeedback.created_at < until)).all()
        reasons = session.execute(
            select(FeedbackReason.answer_id, FeedbackReason.reason, FeedbackReason.comment)
            .where(FeedbackReason.created_at >= since, FeedbackReason.created_at < until)).all()

    report = GapsReport(since=since, until=until, questions=len(answers), show_people=show_people)
    by_id = {a.id: a for a in answers}
    _rates_and_weeks(report, answers, escalated)
    _most_asked(report, answers, label_for)
    _gaps(report, answers, escalated, embed, similarity)
    _downvotes(report, by_id, downs, reasons, show_people, person_name)
    return report


def _rates_and_weeks(report: GapsReport, answers, escalated: dict) -> None:
    rates: dict[tuple[str, str], RateRow] = {}
    weeks: dict[dt.date, WeekRow] = {}
    for a in answers:
        row = rates.setdefault((a.language, a.surface), RateRow(a.language, a.surface, 0, 0, 0, 0))
        answered = a.intent != REFUSED
        row.questions += 1
        row.answered += answered
        row.refused += not answered
        row.escalated += a.id in escalated
        day = a.created_at.date()
        monday = day - dt.timedelta(days=day.weekday())
        week = weeks.setdefault(monday, WeekRow(monday, 0, 0))
        week.questions += 1
        week.answered += answered
    report.rates = sorted(rates.values(), key=lambda r: (r.language, -r.questions, r.surface))
    report.weekly = [weeks[k] for k in sorted(weeks)]


def _most_asked(report: GapsReport, answers, label_for: LabelFor) -> None:
    # An answer's topic is its first citation: the entry the answer is mainly about.
    counts = Counter(a.cited_ids[0] for a in answers if a.cited_ids and a.intent != REFUSED)
    for entry_id, count in counts.most_common():
        found = label_for(entry_id)
        kind, label = found if found else ("unknown", entry_id)
        target = report.top_items if kind == "item" else report.top_topics
        if len(target) < TOP_N:
            target.append(Asked(entry_id, label, count))


def _gaps(report: GapsReport, answers, escalated: dict, embed: Embed, similarity: float) -> None:
    gap_rows = [a for a in answers if a.intent == REFUSED or a.id in escalated]
    report.gap_questions = len(gap_rows)
    if not gap_rows:
        return
    # Embed each distinct wording once: real traffic repeats itself, and so does the model's cost.
    wordings: dict[str, list] = defaultdict(list)
    for a in gap_rows:
        wordings[_norm(a.question)].append(a)
    keys = list(wordings)
    vectors = np.asarray(embed([wordings[k][0].question for k in keys]), dtype=np.float32)
    groups = group_by_similarity(keys, [len(wordings[k]) for k in keys], vectors, similarity)
    topics = []
    for group in groups:
        rows = [a for i in group for a in wordings[keys[i]]]
        languages = Counter(a.language for a in rows)
        examples: dict[str, str] = {}
        for language in sorted(languages):
            phrasing = Counter(a.question for a in rows if a.language == language)
            examples[language] = phrasing.most_common(1)[0][0]
        topics.append(GapTopic(count=len(rows), examples=examples, languages=dict(languages),
                               escalated=sum(a.id in escalated for a in rows)))
    report.gaps = sorted(topics, key=lambda t: (-t.count, sorted(t.examples.values())))


def _downvotes(report: GapsReport, by_id: dict, downs, reasons, show_people: bool, person_name) -> None:
    why: dict[str, list] = defaultdict(list)
    for r in reasons:
        why[r.answer_id].append(r)
    report.reasons = dict(Counter(r.reason for r in reasons).most_common())
    voters: dict[str, str | None] = {}
    for d in downs:
        voters.setdefault(d.answer_id, d.user_id)
    report.downvote_total = len(voters)
    for answer_id, user in list(voters.items())[:EXAMPLES_SHOWN]:
        a = by_id.get(answer_id)
        who = None
        if show_people and user:
            who = (person_name(user) if person_name else None) or user
        report.downvotes.append(DownVote(
            answer_id=answer_id, question=a.question if a else "", language=a.language if a else "",
            surface=a.surface if a else "", reasons=[r.reason for r in why.get(answer_id, [])],
            comments=[r.comment for r in why.get(answer_id, []) if r.comment],
            cited_ids=list(a.cited_ids or []) if a else [], who=who))
