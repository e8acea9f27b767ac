"""Reading a training request: is it one, and what is it about.

"refresher on item 3.4", "repaso del item 2.3 de la version 6.0", "quiz me on KPI definitions",
"quiz AHT", "examen de la CX 6.0", "my progress". Matching is done on folded text (no accents, lower
case) so "repaso del item 2.3" and "Repaso del ítem 2.3" read the same. Ordinary knowledge
questions ("what does 3.3 say about refresher training?") are not training requests.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry

from assistant.training import facts
from assistant.training.facts import fold

log = logging.getLogger(__name__)

# The answering core's release parser: release phrases first, then item numbers.
from assistant.knowledge.releases import ReleaseResolver, item_numbers

# Requests for a quiz or a refresher. "refresher training" / "cursos de repaso" are things the
# standard talks about (item 3.3), so they are excluded: those are knowledge questions.
_TRIGGERS = re.compile(
    r"""
    \b(?:quiz|quizz|quizzes|quizes|trivia|flashcards?|recap|cuestionario|repasemos|repasar|repasame|
       evaluame|examiname|preguntame|ponme\ a\ prueba|test\ me|quiz\ me|test\ my\ knowledge|
       check\ my\ knowledge|practice\ questions|preguntas\ de\ practica)\b
    | \brefresher\b(?!\s+(?:training|trainings|course|courses|session|sessions|program|programs|programme))
    | (?<!\bde\ )\brepaso\b
    | ^(?:examen|prueba|test|evaluacion|review)\b
    | \b(?:hazme|haz|dame|quiero|ponme|genera|crea|armame|make|give|want|create|generate|run|start|need|do|prepare)
       \s+(?:me\s+)?(?:un|una|a|an|otro|otra|another|short|quick|rapido|rapida|corto|corta|\s)*
       (?:examen|prueba|test|evaluacion|review)\b
    """,
    re.VERBOSE,
)
_PROGRESS = re.compile(
    r"^(?:(?:show|ver|muestrame|show me|see)\s+)?(?:my\s+|mi\s+|mis\s+)?(?:progress|progreso|avance|scores|puntajes|quiz scores|resultados de (?:mis )?quiz(?:zes)?)\s*\??$"
    r"|\b(?:my progress|mi progreso|my quiz scores|mis puntajes|my scores)\b"
)
_KPI_WORDS = re.compile(r"\b(?:kpis?|indicadores?|metricas?|metrics?|measures|kpi definitions|definiciones de (?:los )?kpis?)\b")
# Words of a request that do not name a topic.
_FILLER = frozenset(
    """
    quiz quizz quizzes quizes trivia flashcard flashcards recap cuestionario repasemos repasar repasame repaso
    refresher evaluame examiname preguntame ponme prueba test me my mi mis quiz me examen evaluacion review
    hazme haz dame quiero genera crea armame make give want create generate run start need do prepare
    un una unos unas a an the el la los las lo otro otra another short quick rapido rapida corto corta
    on about of in for from de del sobre acerca en para al con y and or o please por favor porfa pls
    item items itemo items numero number release releases version versiones norma standard copc edicion edition
    knowledge conocimiento conocimientos check practice questions preguntas definitions definiciones definition
    definicion topic tema let s lets vamos hacer hagamos some algunos algunas how cuanto que what is are
    i yo we us nos nosotros team equipo agents agentes new nuevo nuevos
    """.split()
)

TopicKind = Literal["item", "kpi", "kpis", "glossary", "concept", "category", "release", "general"]


@dataclass
class Topic:
    kind: TopicKind
    release: str | None  # release the items are read in
    focus: list[Entry] = field(default_factory=list)  # entries the recap and quiz are about
    related: list[Entry] = field(default_factory=list)  # entries the focus links to: asked next
    pool: list[Entry] = field(default_factory=list)  # where extra questions may come from
    label: str = ""  # e.g. "2.3", "AHT", "kpis"
    # Why no topic could be read (unknown item, unnamed topic...), with what the user typed.
    problem: str | None = None
    problem_context: dict = field(default_factory=dict)


@dataclass
class Request:
    progress: bool
    training: bool


class TopicReader:
    """Turns request text into a :class:`Topic` using the knowledge base's own names."""

    def __init__(self, kb: KnowledgeBase, default_release: str):
        self.kb = kb
        self.default_release = default_release
        self.resolver = ReleaseResolver(kb.releases)

    # ---- request type -----------------------------------------------------------------------
    @staticmethod
    def classify(question: str) -> Request:
        folded = fold(question)
        progress = bool(_PROGRESS.search(folded))
        return Request(progress=progress, training=progress or bool(_TRIGGERS.search(folded)))

    # ---- topic ------------------------------------------------------------------------------
    def read(self, question: str, *, release: str | None = None) -> Topic:
        mention, remaining = self.resolver.find(question)
        release_id = release or (mention.release if mention else None)
        numbers = item_numbers(remaining, None)
        # Lettered guide sections ("B.2") need the original capitalisation.
        lettered = [n for n in item_numbers("", question) if n[0].isalpha()]
        numbers = lettered + [n for n in numbers if n not in lettered]
        if numbers:
            return self._item_topic(numbers[0], release_id, explicit=release_id is not None)

        rel = release_id or self.default_release
        entry = self._named_entry(remaining, rel, explicit=release_id is not None)
        if entry is not None:
            if entry.kind == "category":
                return self._category_topic(entry, rel)
            if entry.kind == "item":
                return self._with_pools(Topic("item", entry.release, [entry], label=entry.item or entry.id))
            return self._with_pools(Topic(entry.kind, rel, [entry], label=facts.title(entry, "en")))  # type: ignore[arg-type]

        if _KPI_WORDS.search(remaining):
            kpis = [e for e in self.kb.by_kind("kpi") if facts.content_ok(e)]
            return Topic("kpis", rel, focus=kpis, pool=kpis, label="kpis")

        leftover = [w for w in remaining.split() if w not in _FILLER and not re.fullmatch(r"[\d.?!¿¡,:;]+", w)]
        if leftover:
            return Topic("general", rel, problem="unknown_topic", problem_context={"topic": " ".join(leftover)})
        if mention is not None:
            return self._release_topic(rel)
        return self._general_topic(rel)

    def _item_topic(self, number: str, release_id: str | None, *, explicit: bool) -> Topic:
        rel = release_id or self.default_release
        release = self.kb.releases.get(rel)
        if release is not None and not release.numbered:
            return Topic("item", rel, label=number, problem="release_not_numbered",
                         problem_context={"item": number, "release": rel})
        entry = self.kb.item(rel, number)
        if entry is None:
            elsewhere = sorted({e.release for e in self.kb.items_numbered(number) if e.release})
            return Topic("item", rel, label=number, problem="unknown_item",
                         problem_context={"item": number, "release": rel, "elsewhere": elsewhere, "explicit": explicit})
        return self._with_pools(Topic("item", rel, [entry], label=number))

    def _with_pools(self, topic: Topic) -> Topic:
        """Extra questions come from related entries first, then the rest of the release / KPIs."""
        related: list[Entry] = []
        for e in topic.focus:
            for rid in e.related:
                other = self.kb.entries.get(rid)
                if other is not None and other.kind in ("item", "kpi", "glossary", "concept"):
                    if other.kind != "item" or other.release == topic.release:
                        related.append(other)
        if topic.kind == "item":
            rest = [e for e in facts.release_items(self.kb, topic.release or "", "en") if e not in topic.focus]
            rest = rest or [e for e in self.kb.items() if e.release == topic.release]
        elif topic.kind == "kpi":
            rest = self.kb.by_kind("kpi")
        else:
            rest = [*self.kb.by_kind(topic.kind), *self.kb.by_kind("glossary")]
        focus_names = {n for e in topic.focus for n in facts.names(e)}
        # A glossary twin of the focus ("AHT" the term vs "AHT" the KPI) would repeat its questions.
        topic.related = _unique([e for e in related if not (facts.names(e) & focus_names)])
        topic.pool = _unique([e for e in rest if not (facts.names(e) & focus_names)])
        return topic

    def _category_topic(self, category: Entry, rel: str) -> Topic:
        release = category.release or rel
        items = [e for e in self.kb.items() if e.release == release and e.category == category.category]
        items.sort(key=lambda e: facts.item_sort_key(e.item or ""))
        return Topic("category", release, focus=items, pool=items, label=facts.title(category, "en"))

    def _release_topic(self, rel: str) -> Topic:
        release = self.kb.releases.get(rel)
        items = sorted((e for e in self.kb.items() if e.release == rel), key=lambda e: facts.item_sort_key(e.item or ""))
        if release is not None and not release.numbered or not items:
            return Topic("release", rel, label=rel, problem="release_not_numbered", problem_context={"release": rel})
        return Topic("release", rel, focus=items, pool=items, label=rel)

    def _general_topic(self, rel: str) -> Topic:
        # The card is titled "<release> items and KPI definitions": its questions come from exactly that.
        items = sorted((e for e in self.kb.items() if e.release == rel), key=lambda e: facts.item_sort_key(e.item or ""))
        return Topic("general", rel, focus=[], pool=[*items, *self.kb.by_kind("kpi")], label="")

    def _named_entry(self, remaining: str, release: str, *, explicit: bool = False) -> Entry | None:
        """The entry whose title or alias appears in the text; the longest name wins.

        When one name fits several entries, the item wins, then the KPI, the category, the concept
        and last the glossary term (the term only restates what the item or KPI says, without the
        release). Items are looked up in the request's release first: "forecasting" means the
        forecasting item of the release being studied. Without a release named in the request, an
        item of another release still beats a same-named term ("refresher Process Capability" is
        CSP 4.x item 2.2), the most recent such release first.
        """
        best: tuple[int, float, int, Entry] | None = None
        priority = {"item": 5, "kpi": 4, "category": 3, "concept": 2, "glossary": 1}
        order = {rid: i for i, rid in enumerate(self.kb.releases)}
        for e in self.kb.entries.values():
            if e.kind not in priority:
                continue
            # 2: the request's release; 1: an item of another release (only when none was named).
            if e.kind == "item":
                here = 2 if e.release == release else 1 if not explicit else 0
                if not here:
                    continue
            else:
                here = 2
            if e.kind == "category" and e.release not in (release, None):
                continue
            matched = [
                name for name in facts.names(e)
                if len(name) >= 2 and name not in _FILLER and not _KPI_WORDS.fullmatch(name)
                and facts.contains_phrase(remaining, name)
            ]
            if not matched:
                continue
            # "approach vs deployment" names the concept that has both words, not one glossary term.
            distinct = [m for m in matched if not any(m != o and m in o for o in matched)]
            length = sum(len(m) for m in distinct)
            # An item of another release ranks just below an item of the request's own release.
            rank = priority[e.kind] if here == 2 else priority["item"] - 0.5
            tie = order.get(e.release or "", -1)
            score = (length, rank, tie)
            if best is None or score > best[:3]:
                best = (length, rank, tie, e)
        if best and best[3].kind == "category":
            # Prefer the release's own category entry to the generic one.
            generic = best[3]
            own = next((c for c in self.kb.by_kind("category") if c.release == release and c.category == generic.category), None)
            return own or generic
        return best[3] if best else None


def _unique(entries: list[Entry]) -> list[Entry]:
    seen: set[str] = set()
    out = []
    for e in entries:
        if e.id not in seen:
            seen.add(e.id)
            out.append(e)
    return out
