"""``run_eval``: ask the real assistant every golden question, run the retrieval baselines (BM25 only,
dense only) and the cross-lingual measurement in the same run, and return a ``Report``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from assistant.base.answers import KnowledgeAnswer, NoAnswer
from assistant.evaluation.asking import ask
from assistant.evaluation.golden_cases import GoldenCase
from assistant.evaluation.golden_report import BASELINE_MODES, CaseResult, Report
from assistant.evaluation.metrics import entry_ids

OTHER_LANGUAGE = {"en": "es", "es": "en"}


def _safe_search(retriever: Any, question: str, **kwargs: Any) -> list[str]:
    return entry_ids(hit.id for hit in retriever.search(question, **kwargs))


def run_eval(
    assistant: Any,
    cases: Sequence[GoldenCase],
    *,
    baselines: bool = True,
    progress: Callable[[Iterable[GoldenCase]], Iterable[GoldenCase]] | None = None,
) -> Report:
    """Ask ``assistant`` every golden question and measure; one failing case never stops the run.

    For each case: ``assistant.answer(q, release=case.release)`` gives intent, language, citations
    and ``ranked_ids`` (answer-level Recall@1/@3, MRR). With ``baselines``, cases with
    expected ids are also searched through ``assistant.retriever``: hybrid restricted to documents
    of the OTHER language (cross-lingual recall), then BM25 only and dense only.
    """
    notes: list[str] = []
    warm_up_s = None
    if hasattr(assistant, "warm_up"):
        # Loading the model is a cold-start cost, not answer latency: measure it apart.
        start = time.perf_counter()
        assistant.warm_up()
        warm_up_s = time.perf_counter() - start
    retriever = getattr(assistant, "retriever", None) if baselines else None
    if baselines and retriever is None:
        notes.append("assistant has no retriever: baselines and cross-lingual recall skipped")

    results: list[CaseResult] = []
    for case in progress(cases) if progress else cases:
        res = CaseResult(case)
        asked = ask(assistant, case.q, release=case.release)
        res.error, res.latency_ms, answer = asked.error, asked.latency_ms, asked.answer
        if answer is not None:
            res.intent = answer.intent
            res.language = answer.language
            res.text = answer.text or ""
            # Only retrieval answers carry a ranking; KPI, refresher and help answers rank nothing.
            ranked = answer.ranked_ids if isinstance(answer, (KnowledgeAnswer, NoAnswer)) else []
            res.ranked = entry_ids(ranked)
            res.citations = [c.id for c in answer.citations]
        if retriever is not None and case.expect:
            runs = {
                "cross_lingual": dict(mode="hybrid", doc_language=OTHER_LANGUAGE[case.lang]),
                **{mode: dict(mode=mode) for mode in BASELINE_MODES},
            }
            for name, kwargs in runs.items():
                try:
                    res.retrieval[name] = _safe_search(retriever, case.q, language=case.lang, k=10, **kwargs)
                except Exception as exc:  # noqa: BLE001
                    res.retrieval_errors[name] = f"{type(exc).__name__}: {exc}"
        results.append(res)
    return Report(results, warm_up_s=warm_up_s, notes=notes)
