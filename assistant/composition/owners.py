"""The knowledge owners' loop, composed: the gaps report with the knowledge feature's embedder and
titles, review statuses with the configured defaults, owners from the people directory.

Surfaces (CLI, Slack, scheduled jobs) call these; they never wire the features themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from assistant.base.answers import Answer, KnowledgeAnswer
from assistant.base.messages import message
from assistant.feedback.report import GapsReport, build_report
from assistant.knowledge.review import ReviewStatus, due_for_review, review_statuses

if TYPE_CHECKING:
    from assistant.base.settings import OwnersSettings
    from assistant.composition.assistant import Assistant
    from assistant.composition.services import Services


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def statuses(assistant: "Assistant", owners: "OwnersSettings | None" = None) -> list[ReviewStatus]:
    owners = owners or assistant.settings.owners
    return review_statuses(assistant.kb, default_owner=owners.default_owner,
                           default_interval_days=owners.review_interval_days)


def stale(assistant: "Assistant", today: dt.date | None = None,
          owners: "OwnersSettings | None" = None) -> list[ReviewStatus]:
    return due_for_review(statuses(assistant, owners), today or dt.date.today())


def due_by_person(services: "Services", today: dt.date | None = None) -> dict[str, list[ReviewStatus]]:
    """{Slack user id: entries due}, resolving role owners through the directory."""
    out: dict[str, list[ReviewStatus]] = {}
    for status in stale(services.assistant, today, services.settings.owners):
        for person in services.directory.owners_for(status.owner):
            out.setdefault(person.user_id, []).append(status)
    return out


def review_note(assistant: "Assistant", answer: Answer, today: dt.date | None = None) -> str | None:
    """For an answer citing content past its review date: a line saying when it was last reviewed."""
    if not isinstance(answer, KnowledgeAnswer) or not answer.citations:
        return None
    owners = assistant.settings.owners
    today = today or dt.date.today()
    oldest: dt.date | None = None
    for citation in answer.citations:
        entry = assistant.kb.entries.get(citation.id)
        if entry is None:
            continue
        interval = entry.review_interval_days or owners.review_interval_days
        if today >= entry.reviewed + dt.timedelta(days=interval):
            oldest = min(oldest, entry.reviewed) if oldest else entry.reviewed
    if oldest is None:
        return None
    return message("knowledge.review_overdue", answer.language, date=oldest.isoformat())


def _label_for(assistant: "Assistant"):
    kb = assistant.kb

    def label(entry_id: str) -> tuple[str, str] | None:
        entry = kb.entries.get(entry_id)
        if entry is None:
            return None
        title = (entry.en or entry.es).title  # type: ignore[union-attr]
        prefix = " ".join(x for x in (entry.release, entry.item) if x)
        return entry.kind, f"{prefix} {title}".strip()

    return label


def gaps_report(services: "Services", *, since: dt.datetime, until: dt.datetime | None = None,
                show_people: bool = False) -> GapsReport:
    assistant = services.assistant

    def embed(texts: list[str]) -> np.ndarray:
        return assistant.embedder.encode_queries(texts)

    def person_name(user_id: str) -> str | None:
        person = services.directory.person(user_id)
        return person.name if person else None

    return build_report(
        services.store, since=since, until=until or utc_now(), embed=embed, label_for=_label_for(assistant),
        similarity=services.settings.owners.topic_similarity, show_people=show_people,
        person_name=person_name if show_people else None,
    )
