"""The answers every surface (CLI, Slack) receives from the answering core: one type per kind.

Plain data only: no Slack, no terminal formatting. Surfaces pick a layout by type (isinstance or
``match``), never by intent strings or dict keys. ``to_json`` is the `copc ask --json` contract:
keys and values recorded before the typed redesign stay identical (tests/contract), new keys may
only be added.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal, TypedDict

from assistant.base.units import Unit

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
    confidence: str  # quoted | confirmed | partly_confirmed | inferred
    # A passage of one of the organisation's own documents (assistant.documents): file name, page
    # or slide number, heading path and a link that opens that page. Absent for knowledge entries.
    document: str | None = None
    page: int | None = None
    section: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The `copc ask --json` form: the passage keys appear only when set (contract)."""
        out = asdict(self)
        for key in ("document", "page", "section", "url"):
            if out[key] is None:
                del out[key]
        return out


# ---- KPI results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MetricWindow:
    start: str  # ISO dates, local to ``timezone``
    end: str
    timezone: str
    partial: bool  # the window is not over yet

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


MetricStatus = Literal["met", "missed", "no_target"]


@dataclass(frozen=True)
class MetricResult:
    """One metric for one team (or agent) in one window: the documented `metrics` item."""

    metric: str
    name: str
    team: str
    value: float
    unit: Unit
    window: MetricWindow
    target: float | None
    status: MetricStatus
    previous: float | None
    change: float | None
    agent: str | None = None  # set only for an agent's own numbers

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "metric": self.metric, "name": self.name, "team": self.team, "value": self.value,
            "unit": self.unit.value, "window": self.window.to_json(), "target": self.target,
            "status": self.status, "previous": self.previous, "change": self.change,
        }
        if self.agent is not None:  # the key exists only for agent scopes, as before
            out["agent"] = self.agent
        return out


# ---- quizzes and the recap card ------------------------------------------------------------------
@dataclass(frozen=True)
class QuizQuestion:
    question: str
    choices: tuple[str, ...]
    answer: int  # index into choices
    explanation: str
    citation: Citation
    kind: str  # generator kind: item_number, acronym, kpi_from_formula, ...
    subject: str  # the entry id the question is about

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "choices": list(self.choices), "answer": self.answer,
                "explanation": self.explanation, "citation": self.citation.to_json(),
                "kind": self.kind, "subject": self.subject}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuizQuestion:
        """Stored quizzes keep the JSON form (the training store); surfaces read them back typed."""
        return cls(question=data["question"], choices=tuple(data["choices"]), answer=data["answer"],
                   explanation=data["explanation"], citation=Citation(**data["citation"]),
                   kind=data.get("kind", ""), subject=data.get("subject", ""))


class RelatedEntry(TypedDict):
    id: str
    kind: str
    item: str | None
    release: str | None
    title: str


class CardEntry(TypedDict, total=False):
    id: str
    kind: str
    title: str
    item: str | None
    release: str | None
    category: str | None
    summary: str
    confidence: str
    title_confidence: str
    content_inferred: bool
    n: int  # citation number in the answer
    key_points: list[str]  # detailed (single-topic) cards only
    formula: str | None
    benchmark: str | None


class RecapCard(TypedDict):
    """The recap shown before a quiz. A TypedDict because it is also stored as JSON with the quiz
    and read by the refresher templates; the shape is checked statically, not converted."""

    type: str
    label: str
    release: str | None
    release_name: str | None
    entries: list[CardEntry]
    related: list[RelatedEntry]
    questions: int


@dataclass(frozen=True)
class QuizTopic:
    kind: str
    label: str
    release: str | None


# ---- answer kinds --------------------------------------------------------------------------------
@dataclass(kw_only=True)
class BaseAnswer:
    question: str
    language: Language
    text: str
    citations: list[Citation] = field(default_factory=list)
    # KPI and training answers are personal: surfaces show them privately in shared channels.
    private: bool = False
    latency_ms: float | None = None

    intent: ClassVar[Intent]

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "language": self.language,
            "intent": self.intent,
            "answer": self.text,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(kw_only=True)
class KnowledgeAnswer(BaseAnswer):
    intent: ClassVar[Intent] = "knowledge"
    ranked_ids: list[str] = field(default_factory=list)  # retrieval ranking, scored by `copc eval`
    release: str | None = None  # the release an item answer was given for


@dataclass(frozen=True)
class KpiChart:
    """A trend chart that goes with a KPI answer: the PNG, its alt text and a text table for people
    who cannot or would rather not read an image."""

    png: bytes
    filename: str
    title: str
    alt_text: str
    table: str  # monospace text table of the same points
    metric: str
    team: str

    def to_json(self) -> dict[str, Any]:
        return {"filename": self.filename, "title": self.title, "alt_text": self.alt_text, "table": self.table,
                "metric": self.metric, "team": self.team, "png_bytes": len(self.png)}


@dataclass(kw_only=True)
class KpiAnswer(BaseAnswer):
    """Numbers (``metrics``) or, with ``metrics`` empty, a refusal / question back / source error."""

    intent: ClassVar[Intent] = "kpi"
    metrics: list[MetricResult] = field(default_factory=list)
    layout: str = "metric"  # metric | overview | compare, or the message kind when there are no numbers
    outcome: str = "ok"
    private: bool = True
    audit_id: int | None = None  # the kpi_audit row that records this answer (None: not shown with numbers)
    chart: KpiChart | None = None  # trend questions and the "Show trend" button

    def to_json(self) -> dict[str, Any]:
        out = {**super().to_json(), "metrics": [m.to_json() for m in self.metrics]}
        if self.chart is not None:
            out["chart"] = self.chart.to_json()
        return out


@dataclass(kw_only=True)
class RefresherAnswer(BaseAnswer):
    """A recap card and a quiz (``quiz_id`` is None when nothing could be asked)."""

    intent: ClassVar[Intent] = "refresher"
    quiz: list[QuizQuestion] = field(default_factory=list)
    card: RecapCard | None = None
    quiz_id: str | None = None
    seed: int | None = None
    topic: QuizTopic | None = None
    can_post: bool = False  # the asker is a trainer and may post it to a channel
    private: bool = True

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "quiz": [q.to_json() for q in self.quiz]}


@dataclass(kw_only=True)
class ProgressAnswer(BaseAnswer):
    """A learner's training progress (quizzes taken, topics covered)."""

    intent: ClassVar[Intent] = "refresher"
    progress: dict[str, Any] = field(default_factory=dict)
    private: bool = True


@dataclass(kw_only=True)
class NoAnswer(BaseAnswer):
    intent: ClassVar[Intent] = "no_answer"
    reason: str  # out_of_scope | no_such_item | too_long | unknown_topic | error | ...
    nearest: list[str] = field(default_factory=list)  # labels of close entries, best first
    ranked_ids: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)  # what the reason is about (item, release, ...)


@dataclass(kw_only=True)
class HelpAnswer(BaseAnswer):
    intent: ClassVar[Intent] = "help"


Answer = KnowledgeAnswer | KpiAnswer | RefresherAnswer | ProgressAnswer | NoAnswer | HelpAnswer
