"""The answer every surface (CLI, Slack) receives from the answering core.

Plain data only: no Slack, no terminal formatting. ``to_json`` is the `copc ask --json` contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Language = Literal["en", "es"]
Intent = Literal["knowledge", "kpi", "refresher", "no_answer", "help"]


@dataclass(frozen=True)
class Citation:
    n: int
    id: str
    item: str | None
    release: str | None
    title: str
    language: Language
    source: str
    confidence: str  # confirmed | partly_confirmed | inferred


@dataclass
class Answer:
    question: str
    language: Language
    intent: Intent
    text: str
    citations: list[Citation] = field(default_factory=list)
    # KPI results (issue 3): list of dicts in the documented `metrics` shape.
    metrics: list[dict[str, Any]] | None = None
    # Quiz questions (issue 5): list of {question, choices, answer, explanation, citation}.
    quiz: list[dict[str, Any]] | None = None
    # Extra structured facts a surface may render (recap card, nearest topics, ...).
    extras: dict[str, Any] = field(default_factory=dict)
    # KPI answers are personal/restricted: surfaces show them privately in shared channels.
    private: bool = False
    latency_ms: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "language": self.language,
            "intent": self.intent,
            "answer": self.text,
            "citations": [asdict(c) for c in self.citations],
        }
        if self.metrics is not None:
            out["metrics"] = self.metrics
        if self.quiz is not None:
            out["quiz"] = self.quiz
        return out
