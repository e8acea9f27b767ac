"""Scoring one blind-set answer, and asking the assistant every blind question.

The blind set names no entry ids (its author never saw the knowledge base), so answers are judged
on what they say, not on what they cite:

* ``expect: answer`` passes when the answer is not a refusal (intent ``no_answer``), its text
  contains any one of ``expect_any`` and, when ``release_mentions`` is given, any one of those too.
  Matching ignores case, accents, punctuation and line breaks ("Gestión del Conocimiento" matches
  "*gestion del conocimiento*").
* ``expect: refuse`` passes when the intent is ``no_answer`` or the answer says it is not covered.
* ``expect: kpi`` passes when the question was routed to the KPI service (intent ``kpi``).
* ``expect: smalltalk`` passes on the help text or a friendly ``no_answer`` (one that says what
  the bot can do, i.e. not a "too long" / "unknown release" / "KPIs disabled" refusal); answering
  "hi" with a COPC entry or a KPI report is the failure.

Every case must also be answered in the question's language. A case passes when both hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.base.answers import NoAnswer
from assistant.evaluation.asking import ask
from assistant.base.text import fold
from assistant.evaluation.blind_cases import BlindCase

# Phrases by which an answer says the question is outside what it knows (compared folded).
NOT_COVERED = ("not covered", "no esta cubiert", "no estan cubiert", "no se cubre")
# no_answer reasons that are not a friendly reply to small talk.
UNFRIENDLY_REASONS = frozenset({"too_long", "empty", "unknown_release", "kpi_disabled"})


def contains_any(text: str, phrases: Iterable[str]) -> bool:
    """Whether ``text`` contains one of ``phrases``, ignoring case, accents and punctuation."""
    folded = f" {fold(text)} "
    return any(fold(p) and fold(p) in folded for p in phrases)


def says_not_covered(text: str) -> bool:
    return contains_any(text, NOT_COVERED)


@dataclass(frozen=True)
class BlindVerdict:
    passed: bool
    expectation_met: bool
    language_ok: bool
    refused: bool  # intent no_answer
    miss: str | None = None  # the class of the miss, None when passed
    reason: str = ""


def score_blind(case: BlindCase, *, intent: str | None, language: str | None, text: str, reason: str | None = None) -> BlindVerdict:
    """Judge one answer against its blind case (pure: no assistant, no file)."""
    refused = intent == "no_answer"
    text = text or ""
    miss, why = None, ""
    if case.expect == "answer":
        if refused:
            miss, why = "refused_in_scope", f"refused (reason {reason})"
        elif not contains_any(text, case.expect_any):
            # A definition question answered with live KPI figures is a routing miss, not wording.
            miss = "answered_as_kpi" if intent == "kpi" else "missing_phrase"
            why = f"intent {intent}: none of {list(case.expect_any)} in the answer"
        elif case.release_mentions and not contains_any(text, case.release_mentions):
            miss, why = "release_not_named", f"intent {intent}: none of {list(case.release_mentions)} in the answer"
    elif case.expect == "refuse":
        if not (refused or says_not_covered(text)):
            miss, why = "not_refused", f"answered with intent {intent}"
    elif case.expect == "kpi":
        if intent != "kpi":
            miss, why = "kpi_not_routed", f"intent {intent}" + (f" (reason {reason})" if refused else "")
    elif case.expect == "smalltalk":
        friendly = intent == "help" or (refused and reason not in UNFRIENDLY_REASONS)
        if not friendly:
            miss, why = "smalltalk_answered", f"intent {intent}" + (f" (reason {reason})" if refused else "")
    expectation_met = miss is None
    language_ok = language == case.language
    if expectation_met and not language_ok:
        miss, why = "language", f"answered in {language}, asked in {case.language}"
    return BlindVerdict(expectation_met and language_ok, expectation_met, language_ok, refused, miss, why)


@dataclass
class BlindResult:
    case: BlindCase
    intent: str | None = None
    language: str | None = None
    text: str = ""
    reason: str | None = None  # NoAnswer.reason
    citations: tuple[str, ...] = ()
    latency_ms: float | None = None
    error: str | None = None
    verdict: BlindVerdict | None = None

    def score(self) -> BlindResult:
        if self.error:
            self.verdict = BlindVerdict(False, False, False, False, "error", self.error)
        else:
            self.verdict = score_blind(self.case, intent=self.intent, language=self.language, text=self.text, reason=self.reason)
        return self


def run_blind(
    assistant: Any,
    cases: Sequence[BlindCase],
    *,
    progress: Callable[[Iterable[BlindCase]], Iterable[BlindCase]] | None = None,
) -> list[BlindResult]:
    """Ask ``assistant`` every blind question as a user would (no release, no forced language);
    one failing case never stops the run."""
    if hasattr(assistant, "warm_up"):
        assistant.warm_up()  # a cold-start cost, kept out of the answer latencies
    results: list[BlindResult] = []
    for case in progress(cases) if progress else cases:
        res = BlindResult(case)
        asked = ask(assistant, case.question)  # as a user would: no release, no language
        res.error, res.latency_ms, answer = asked.error, asked.latency_ms, asked.answer
        if answer is not None:
            res.intent = answer.intent
            res.language = answer.language
            res.text = answer.text or ""
            res.reason = answer.reason if isinstance(answer, NoAnswer) else None
            res.citations = tuple(c.id for c in answer.citations)
        results.append(res.score())
    return results
