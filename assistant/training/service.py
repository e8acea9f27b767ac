"""TrainingService: refreshers, quizzes and progress for the answering core, the CLI and the bot."""

from __future__ import annotations

import logging
import random
import secrets
import threading
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from assistant.base.answers import Answer, Citation, NoAnswer, ProgressAnswer, QuizQuestion, QuizTopic, RefresherAnswer
from assistant.base.caller import Caller
from assistant.base.messages import message
from assistant.base.templates import render
from assistant.knowledge.citations import citation_for
from assistant.base.settings import Settings
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry
from assistant.base.store import Store

from assistant.training import facts
from assistant.training.card import build_card
from assistant.training.generator import MAX_QUESTIONS, MIN_QUESTIONS, Question
from assistant.training.selection import build_quiz
from assistant.training.progress import Grade, ProgressStore, StoredQuiz
from assistant.training.topics import Topic, TopicReader

log = logging.getLogger(__name__)

LOCAL_USER = "local"  # the terminal operator (`copc quiz`, `copc ask` without a Slack user)
MAX_COVERED_SHOWN = 12


class TrainingError(Exception):
    """A request the training part cannot serve (unknown quiz, not allowed...); safe to show."""


@dataclass
class QuizRun:
    """A generated quiz with everything needed to show and grade it."""

    answer: Answer
    topic: Topic
    questions: list[Question]
    quiz_id: str | None
    seed: int


class TrainingService:
    def __init__(self, settings: Settings, kb: KnowledgeBase, store: Store | None, *,
                 directory: Callable[[], Any] | None = None):
        self.settings = settings
        self.kb = kb
        self.reader = TopicReader(kb, settings.default_release)
        self.progress = ProgressStore(store) if store is not None else None
        # The composition layer hands in the process's one directory (lazily: refreshers work
        # without it); standalone use loads its own on first need.
        self._directory_provider = directory
        self._directory: Any = None
        self._directory_checked = False
        self._lock = threading.Lock()

    # ---- routing ----------------------------------------------------------------------------
    def is_training_request(self, question: str, language: str) -> bool:
        """Refresher / quiz / progress requests in English or Spanish; cheap (regular expressions)."""
        return self.reader.classify(question or "").training

    def answer(
        self, question: str, *, language: str, caller: Caller, release: str | None = None,
        seed: int | None = None, questions: int = MAX_QUESTIONS, channel: str | None = None,
    ) -> Answer:
        # Progress is kept per Slack user; the terminal operator's under LOCAL_USER.
        user = caller.person_id
        lang = language if language in ("en", "es") else self.settings.default_language
        if self.reader.classify(question).progress:
            return self.progress_answer(question, user=user, language=lang)
        return self.run(question, language=lang, user=user, release=release, seed=seed,
                        questions=questions, channel=channel).answer

    # ---- quizzes ----------------------------------------------------------------------------
    def run(
        self, question: str, *, language: str, user: str | None, release: str | None = None,
        seed: int | None = None, questions: int = MAX_QUESTIONS, channel: str | None = None,
    ) -> QuizRun:
        """Read the topic, generate the recap and quiz, store the quiz; ``seed`` fixes the draw."""
        lang = language if language in ("en", "es") else self.settings.default_language
        release_id = None
        if release:
            release_id = self.reader.resolver.resolve(release)
            if release_id is None:
                raise TrainingError(_unknown_release(release, list(self.kb.releases), lang))
        seed = seed if seed is not None else secrets.randbits(31)
        topic = self.reader.read(question, release=release_id)
        if topic.problem:
            text = self._render(lang, mode="problem", problem=topic.problem, context=topic.problem_context)
            answer: Answer = NoAnswer(question=question, language=lang, text=text,  # type: ignore[arg-type]
                                      reason=topic.problem, context=dict(topic.problem_context))
            return QuizRun(answer, topic, [], None, seed)

        n = max(MIN_QUESTIONS, min(MAX_QUESTIONS, questions))
        qs = build_quiz(self.kb, topic.focus, topic.pool, lang, random.Random(seed), n, related=topic.related)
        numbers: dict[str, int] = {}
        cited: list[Entry] = []
        single = topic.kind in ("item", "kpi", "glossary", "concept") and len(topic.focus) == 1
        for e in [*(topic.focus if single else []), *(q.cite for q in qs)]:
            if e.id not in numbers:
                numbers[e.id] = len(numbers) + 1
                cited.append(e)
        card = build_card(self.kb, topic, qs, lang, numbers)
        # Overview cards list entries that no question cites (the rest of the focus): number them too.
        for entry_card in card["entries"]:
            if not entry_card["n"]:
                e = self.kb.entries[entry_card["id"]]
                numbers[e.id] = len(numbers) + 1
                cited.append(e)
                entry_card["n"] = numbers[e.id]
        citations: list[Citation] = [citation_for(e, numbers[e.id], lang) for e in cited]
        quiz = [q.to_dict(numbers[q.cite.id], lang) for q in qs]
        covered = list(dict.fromkeys([*(e.id for e in topic.focus if single), *(q.subject for q in qs)]))
        label = _topic_label(topic, card, lang)
        quiz_id = uuid.uuid4().hex if qs else None
        if quiz_id and self.progress is not None:
            try:
                self.progress.save_quiz(StoredQuiz(
                    id=quiz_id, created_by=user, language=lang, topic_kind=topic.kind, topic_label=label,
                    release=topic.release, seed=seed, covered_ids=covered, questions=quiz, card=card,
                    shared=False, channel_id=channel,
                ))
            except Exception as exc:  # noqa: BLE001 - progress is a record; the refresher is still shown
                log.error("could not store quiz %s (%s): %s", quiz_id, type(exc).__name__,
                          str(exc).splitlines()[0][:200] if str(exc) else "")
        text = self._render(lang, mode="refresher", card=card, questions=len(qs), surface_hint="")
        # Shown only to the asker in shared channels (private by default); a trainer then posts it for everyone.
        answer = RefresherAnswer(
            question=question, language=lang, text=text, citations=citations,  # type: ignore[arg-type]
            quiz=[QuizQuestion.from_json(q) for q in quiz], card=card,  # type: ignore[arg-type]
            quiz_id=quiz_id, seed=seed, topic=QuizTopic(kind=topic.kind, label=label, release=topic.release),
            can_post=self.is_trainer(user),
        )
        return QuizRun(answer, topic, qs, quiz_id, seed)

    def quiz(self, quiz_id: str) -> StoredQuiz:
        return self._progress().quiz(quiz_id)

    def grade(self, quiz_id: str, index: int, choice: int, user: str) -> Grade:
        """Record ``user``'s answer (first one counts) and return right/wrong, explanation, score."""
        store = self._progress()
        quiz = store.quiz(quiz_id)
        return store.record_answer(quiz, user or LOCAL_USER, index, choice)

    def share(self, quiz_id: str, user: str | None, channel: str) -> StoredQuiz:
        """A trainer posts a quiz to a channel: a shared copy everyone answers on their own."""
        if not self.is_trainer(user):
            raise PermissionError("only trainers can post refreshers and quizzes to a channel")
        store = self._progress()
        original = store.quiz(quiz_id)
        shared = StoredQuiz(**{**original.__dict__, "id": uuid.uuid4().hex, "created_by": user,
                               "shared": True, "channel_id": channel})
        store.save_quiz(shared)
        return shared

    # ---- progress ---------------------------------------------------------------------------
    def progress_for(self, user: str | None) -> dict[str, Any]:
        return self._progress().summary(user or LOCAL_USER)

    def progress_answer(self, question: str, *, user: str | None, language: str) -> ProgressAnswer:
        summary = self.progress_for(user)
        covered = [self._short_title(c["id"], language) for c in summary["covered"]]
        text = self._render(
            language, mode="progress", p=summary, covered=covered[:MAX_COVERED_SHOWN],
            more_covered=max(0, len(covered) - MAX_COVERED_SHOWN),
        )
        return ProgressAnswer(question=question, language=language, text=text, progress=summary)  # type: ignore[arg-type]

    # ---- trainers ---------------------------------------------------------------------------
    def is_trainer(self, user: str | None) -> bool:
        if not user:
            return False
        directory = self._people()
        if directory is None:
            return False
        person = directory.person(user)
        return bool(person is not None and getattr(person, "role", None) == "trainer")

    def _people(self) -> Any:
        with self._lock:
            if not self._directory_checked:
                self._directory_checked = True
                from assistant.people.directory import load_directory

                try:
                    self._directory = (self._directory_provider or (lambda: load_directory(self.settings)))()
                except Exception as exc:  # a broken directory must not break refreshers
                    log.error("people directory could not be loaded (%s): nobody is treated as a trainer", exc)
            return self._directory

    # ---- helpers ----------------------------------------------------------------------------
    def _progress(self) -> ProgressStore:
        if self.progress is None:
            raise TrainingError("quiz progress needs a store")
        return self.progress

    def _short_title(self, entry_id: str, language: str) -> str:
        e = self.kb.entries.get(entry_id)
        if e is None:
            return entry_id
        t = facts.title(e, language)
        return f"{e.item} {t} ({e.release})" if e.kind == "item" else t

    def _render(self, language: str, **context: Any) -> str:
        return render(self.settings.prompts_dir, "refresher", language, **context)


def _topic_label(topic: Topic, card: dict[str, Any], language: str) -> str:
    if topic.kind == "item" and card["entries"]:
        e = card["entries"][0]
        return f"{e['item']} {e['title']} ({topic.release})"
    if topic.kind in ("kpi", "glossary", "concept") and card["entries"]:
        return card["entries"][0]["title"]
    if topic.kind == "kpis":
        return message("training.kpis_label", language)
    if topic.kind == "category":
        return f"{topic.label} ({topic.release})"
    if topic.kind == "release":
        return topic.release or ""
    return message("training.general_label", language, release=topic.release)


def _unknown_release(given: str, known: list[str], language: str) -> str:
    return message("training.unknown_release", language, given=given, known=", ".join(known))
