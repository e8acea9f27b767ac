"""Which feature answers a question: parse once, then an ordered table of intents.

Each question is parsed once into a :class:`ParsedQuestion` (language, release, item numbers,
training words, KPI mention, thread context); facets that cost something (the KPI catalog and
directory match, the knowledge parse) are computed on first use and kept, so a help question
never reads the KPI catalog and a KPI question never loads the embedding model.

Routing is the table :data:`INTENTS`, tried in order: the first intent whose ``claim`` returns a
reason takes the question. To add an intent, write a class with ``name``, ``claim`` and
``answer`` and put it in the table where it should win (tests/composition/test_router.py
shows why each question went where it did).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from assistant.base.answers import Answer
from assistant.base.caller import Caller
from assistant.base.language import detect_language
from assistant.base.text import fold

if TYPE_CHECKING:
    from assistant.composition.assistant import Assistant

_HELP = re.compile(
    r"^(help|ayuda|\?|what can you do|que puedes hacer|que sabes hacer|como te uso|how do i use you|menu|hola|hello|hi|hey|"
    r"buenas|buenos dias|good morning|who are you|what are you|quien eres|que eres|"
    # small talk: a friendly line and what the bot can do, never a COPC entry
    r"thanks?( you)?( so much| a lot)?|thank u|thx|ty|cheers|gracias|muchas gracias|mil gracias|bye|good ?bye|adios|chao|chau|"
    r"hasta luego|nos vemos|see you|how are you( doing)?|how is it going|hows it going|como estas|como esta|que tal|"
    r"ok|okay|great|cool|nice|perfect|perfecto|genial|vale|listo|buenas tardes|buenas noches|good afternoon|good evening|"
    r"good night|hola que tal|hey there|hi there|you rock|eres genial|well done|buen trabajo)\W*$"
)
# Small talk in any order and length ("thanks a lot for the help!", "hola bot, buen día a todos"):
# every word is a greeting, thanks, farewell, praise or filler and at least one is not a filler.
_SMALL_TALK_ANCHORS = frozenset("""
hi hello hey hiya yo morning afternoon evening night thanks thank thx ty cheers bye goodbye later great cool nice
perfect awesome amazing excellent lol haha appreciate appreciated welcome sup hola buenas buenos buen dia dias tardes
noches gracias chao chau adios luego genial perfecto excelente vale listo jaja jajaja jeje saludos abrazo cuidate amable
entendido okey ok okay understood helpful crack capo
""".split())
_SMALL_TALK_FILLERS = frozenset("""
good so much a lot very for the your you this that it all everyone team guys folks bot there have day weekend nice
how are is doing going whats up hope well too again see soon got really help helped helps
muchas muchos mil por la el los las todo todos tu su que tal como estas esta va bien un una feliz fin de semana me
nos vemos pronto manana sirvio muy nada y e ayuda equipo chicos hasta igualmente tambien
""".split())
_MAX_SMALL_TALK_WORDS = 10


def _is_small_talk(folded: str) -> bool:
    words = re.findall(r"[a-z]+", folded)
    if not words or len(words) > _MAX_SMALL_TALK_WORDS or re.search(r"\d", folded):
        return False
    vocabulary = _SMALL_TALK_ANCHORS | _SMALL_TALK_FILLERS
    if not all(w in vocabulary for w in words):
        return False
    # "¿qué tal, todo bien?": a how-are-you phrase is an anchor made of fillers (but "¿qué tal el
    # equipo?" asks about a team).
    return any(w in _SMALL_TALK_ANCHORS for w in words) or bool(
        _HOW_ARE_YOU.search(folded) and not {"equipo", "equipos", "team", "teams"} & set(words))


_HOW_ARE_YOU = re.compile(r"\b(que tal|como estas|todo bien|how are you|hows it going|how is it going|all good|whats up)\b")


_FOLLOW_UP = re.compile(r"^(and|y|e|what about|how about|que tal|and what about|y que hay de|y en|and in)\b")
# Words that carry no topic of their own in a follow-up such as "and in CX 6.0?" / "¿y en la 6.0?".
_FILLER = frozenset(
    "and y e in en la el los las for para what about how que tal hay de del the of on item items "
    "version release edition edicion norma standard please porfa then entonces".split()
)


@dataclass
class Request:
    """A question as a surface hands it over: who asks and what the surface allows."""

    text: str
    caller: Caller
    release: str | None = None  # release id or phrase for item lookups (CLI --release)
    language: str | None = None  # force "en"/"es"; None = detect from the question
    history: list[str] = field(default_factory=list)  # earlier user turns of the thread, oldest first
    allow_kpi: bool = True  # False where a channel's configuration forbids KPI numbers
    shared: bool = False  # asked in a shared channel: only documents for everyone are quoted


class ParsedQuestion:
    """One question, parsed once; every intent reads the same object."""

    def __init__(self, request: Request, assistant: Assistant):
        self.request = request
        self.caller = request.caller
        self._assistant = assistant
        # Undecodable bytes (a broken terminal, a bad pipe) become U+FFFD instead of crashing.
        self.raw = request.text or ""
        self.text = self.raw.encode("utf-8", "replace").decode("utf-8").strip()
        settings = assistant.settings
        self.language: str = request.language or self._acronym_language() or detect_language(self.text, settings.default_language)
        self.too_long = len(self.text) > settings.max_question_chars
        self.folded = fold(self.text) if not self.too_long else ""

    def _acronym_language(self) -> str | None:
        """A one- or two-word question that is a term of only one language ("PCRC", "TMO") is in
        that language: word cues cannot tell, the knowledge base's aliases can."""
        if not self.text or len(self.text.split()) > 2 or len(self.text) > 40:
            return None
        return self._assistant.knowledge.term_language(self.text)

    @cached_property
    def release_id(self) -> str | None:
        """The release asked for by the surface (``--release``), resolved; None when not given
        or unknown (``release_unknown`` tells which)."""
        if not self.request.release:
            return None
        return self._assistant.knowledge.resolver.resolve(self.request.release)

    @property
    def release_unknown(self) -> bool:
        return bool(self.request.release) and self.release_id is None

    @cached_property
    def is_help(self) -> bool:
        return bool(_HELP.match(self.folded)) or _is_small_talk(self.folded)

    @cached_property
    def is_training(self) -> bool:
        return self._assistant.training.is_training_request(self.text, self.language)

    @cached_property
    def is_kpi(self) -> bool:
        return self._assistant.kpi.is_kpi_question(self.text, self.language)

    @cached_property
    def knowledge(self):
        """Release mention, item numbers and remaining words, with what the thread adds."""
        knowledge = self._assistant.knowledge
        parsed = knowledge.parse(self.text, self.release_id)
        if self.request.history:
            _apply_thread_context(knowledge, parsed, self.text, self.request.history)
        return parsed


def _apply_thread_context(knowledge, parsed, question: str, history: list[str]) -> None:
    """Follow-ups inside a thread borrow what the thread already said, and nothing else.

    "and in CX 6.0?" after "what does 2.3 require?" asks about 2.3 in CX 6.0; "and 2.10?" after
    "2.3 in CX 6.0" stays in CX 6.0. A new question ("what is AHT?", "thanks") is answered on
    its own.
    """
    earlier = [knowledge.parse(turn, None) for turn in reversed(history)]
    if not parsed.numbers and parsed.release and _only_filler(parsed.remaining):
        numbered = next((e for e in earlier if e.numbers), None)
        if numbered is not None:
            parsed.numbers = numbered.numbers
    elif parsed.numbers and not parsed.release and _FOLLOW_UP.match(fold(question)):
        released = next((e for e in earlier if e.release), None)
        if released is not None:
            parsed.release = released.release


def _only_filler(folded_text: str) -> bool:
    return all(word in _FILLER for word in folded_text.split())


class Intent(Protocol):
    name: str

    def claim(self, q: ParsedQuestion) -> str | None:
        """Why this intent takes the question, or None to let the next one look."""

    def answer(self, q: ParsedQuestion, assistant: Assistant) -> Answer: ...


class TooLong:
    name = "too_long"

    def claim(self, q):
        return "longer than max_question_chars" if q.too_long else None

    def answer(self, q, assistant):
        limit = assistant.settings.max_question_chars
        return assistant.no_answer(q.raw, q.language, "too_long", length=len(q.text), limit=limit)


class Empty:
    name = "empty"

    def claim(self, q):
        return "nothing was asked" if not q.text else None

    def answer(self, q, assistant):
        return assistant.no_answer(q.raw, q.language, "empty")


class Help:
    name = "help"

    def claim(self, q):
        return "a greeting or a request for help" if q.is_help else None

    def answer(self, q, assistant):
        return assistant.help(q.text, q.language)


class UnknownRelease:
    name = "unknown_release"

    def claim(self, q):
        return f"--release {q.request.release!r} names no known release" if q.release_unknown else None

    def answer(self, q, assistant):
        return assistant.no_answer(q.text, q.language, "unknown_release", release=q.request.release,
                                   releases=list(assistant.kb.releases))


class Training:
    name = "training"

    def claim(self, q):
        return "refresher, quiz or progress words" if q.is_training else None

    def answer(self, q, assistant):
        return assistant.training.answer(q.text, language=q.language, caller=q.caller, release=q.release_id)


class Kpi:
    name = "kpi"

    def claim(self, q):
        return "a metric with a team, person or period" if q.is_kpi else None

    def answer(self, q, assistant):
        if not q.request.allow_kpi:  # the channel's configuration forbids numbers here
            return assistant.no_answer(q.text, q.language, "kpi_disabled")
        return self.numbers(q, assistant)

    def numbers(self, q, assistant):
        return assistant.kpi.answer(q.text, language=q.language, caller=q.caller)


class DocumentCoverage:
    name = "document_coverage"

    def claim(self, q):
        from assistant.composition.documents import is_coverage_question

        if q.knowledge.numbers and is_coverage_question(q):
            return "which of the organisation's documents cover an item"
        return None

    def answer(self, q, assistant):
        from assistant.composition.documents import answer_coverage, no_documents

        if not assistant.documents.has_documents():
            return no_documents(q, assistant)
        return answer_coverage(q, assistant)


class SitePractice:
    name = "site_practice"

    def claim(self, q):
        from assistant.composition.documents import looks_like_site_question

        if looks_like_site_question(q) and q._assistant.documents.has_documents():
            return "how the site does something: its own procedures"
        return None

    def answer(self, q, assistant):
        from assistant.composition.documents import answer_site

        # Nothing close enough in the site's documents: the knowledge base answers as before.
        answer = answer_site(q, assistant)
        if answer is not None:
            return answer
        return (ItemLookup() if q.knowledge.numbers else Topic()).answer(q, assistant)


class KpiTrend(Kpi):
    name = "kpi_trend"

    def claim(self, q):
        from metrics_adapter.trend_answer import TREND_WORDS

        return "a metric with trend/chart words" if q.is_kpi and TREND_WORDS.search(q.folded) else None

    def numbers(self, q, assistant):
        return assistant.kpi.trend(q.text, language=q.language, caller=q.caller)


class ItemLookup:
    name = "item"

    def claim(self, q):
        numbers = q.knowledge.numbers
        return f"item number(s) {', '.join(numbers)}" if numbers else None

    def answer(self, q, assistant):
        answer = assistant.knowledge.answer_items(q.text, q.knowledge, q.language)
        return assistant.with_quotes(answer, q)


class Topic:
    name = "topic"

    def claim(self, q):
        return "anything else: search the knowledge base"

    def answer(self, q, assistant):
        return assistant.knowledge.answer_topic(q.text, q.knowledge, q.language, q.request.history or None)


# Order matters: the first claim wins. Training and KPI requests come before item numbers
# ("quiz me on 2.3", "AHT for Phoenix on 2.3"?) and the knowledge search takes what is left.
INTENTS: tuple[Intent, ...] = (TooLong(), Empty(), Help(), UnknownRelease(), Training(), KpiTrend(), Kpi(),
                               DocumentCoverage(), SitePractice(), ItemLookup(), Topic())


def route(q: ParsedQuestion) -> tuple[Intent, str]:
    """The intent that takes ``q`` and its reason."""
    for intent in INTENTS:
        reason = intent.claim(q)
        if reason is not None:
            return intent, reason
    raise AssertionError("Topic claims every question")  # pragma: no cover
