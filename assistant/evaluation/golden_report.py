"""Figures and misses of a golden-set run: ``CaseResult`` per question, ``Report`` with the summary
(retrieval per language and baseline, item lookups, refusals, latency, per type), the targets and
every miss. Misses are part of the report on purpose: a figure without the questions behind it
cannot be checked or improved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.evaluation.golden_cases import EMPTY_EXPECT_TYPES, ITEM_TYPES, LANGUAGES, TYPES, GoldenCase, is_numbered_item_case
from assistant.evaluation.metrics import (
    item_lookup_correct,
    latency_summary,
    mean,
    recall_at_k,
    reciprocal_rank,
    refusal_scores,
    release_of,
)

TARGETS = {
    "item_lookup_accuracy": 1.0,
    "recall_at_3": 0.95,  # per language
    "out_of_scope_refused": 0.95,
    "in_scope_refused": 0,  # a count: no in-scope question may be refused
}

BASELINE_MODES = ("bm25", "dense")


@dataclass
class CaseResult:
    case: GoldenCase
    intent: str | None = None
    language: str | None = None
    text: str = ""
    ranked: list[str] = field(default_factory=list)  # answer.ranked_ids
    citations: list[str] = field(default_factory=list)
    latency_ms: float | None = None
    error: str | None = None
    # Retrieval-only rankings: "cross_lingual", "bm25", "dense" -> entry ids.
    retrieval: dict[str, list[str]] = field(default_factory=dict)
    retrieval_errors: dict[str, str] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.intent == "no_answer"


def _retrieval_scores(
    results: Sequence[CaseResult],
    ranking: Callable[[CaseResult], list[str] | None],
    include: Callable[[GoldenCase], bool] = lambda case: True,
) -> dict:
    """Recall@1/@3 and MRR per language and overall for cases with expected ids."""
    out: dict[str, dict[str, Any]] = {}
    for lang in (*LANGUAGES, "all"):
        r1: list[float] = []
        r3: list[float] = []
        rr: list[float] = []
        for res in results:
            if not res.case.expect or (lang != "all" and res.case.lang != lang) or not include(res.case):
                continue
            ranked = ranking(res)
            if ranked is None:
                continue
            r1.append(recall_at_k(ranked, res.case.expect, 1))
            r3.append(recall_at_k(ranked, res.case.expect, 3))
            rr.append(reciprocal_rank(ranked, res.case.expect))
        out[lang] = {"n": len(r1), "recall_at_1": mean(r1), "recall_at_3": mean(r3), "mrr": mean(rr)}
    return out


def _retrieval_block(results: Sequence[CaseResult], include: Callable[[GoldenCase], bool] = lambda case: True) -> dict:
    block = {
        "answer": _retrieval_scores(results, lambda r: r.ranked, include),
        "cross_lingual": _retrieval_scores(results, lambda r: r.retrieval.get("cross_lingual"), include),
    }
    for mode in BASELINE_MODES:
        block[mode] = _retrieval_scores(results, lambda r, m=mode: r.retrieval.get(m), include)
    return block


def _miss(res: CaseResult, kind: str, got: Any, reason: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "index": res.case.index,
        "question": res.case.q,
        "lang": res.case.lang,
        "type": res.case.type,
        "release": res.case.release,
        "expected": list(res.case.expect),
        "got": got,
        "reason": reason,
    }


@dataclass
class Report:
    results: list[CaseResult]
    warm_up_s: float | None = None
    golden_path: str | None = None
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(init=False)
    misses: list[dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.summary = self._summarise()
        self.misses = self._misses()

    # -- figures ---------------------------------------------------------------------------
    def _summarise(self) -> dict[str, Any]:
        results = self.results
        items = [r for r in results if r.case.type in ITEM_TYPES]
        item_ok = [item_lookup_correct(r.citations, r.text, r.case.expect) for r in items]
        no_such = [r for r in results if r.case.type == "no_such_item"]
        # "no such item" answers are neither refusals of off-topic questions nor knowledge
        # answers: they are judged on citing nothing, and kept out of refusal precision/recall.
        judged = [r for r in results if r.case.type != "no_such_item"]
        refusal = refusal_scores([r.case.type == "out_of_scope" for r in judged], [r.refused for r in judged])
        oos = [r for r in results if r.case.type == "out_of_scope"]
        latencies = [r.latency_ms for r in results if r.latency_ms is not None]

        by_type: dict[str, dict[str, Any]] = {}
        for kind in TYPES:
            cases = [r for r in results if r.case.type == kind]
            if not cases:
                continue
            row: dict[str, Any] = {"n": len(cases), "en": sum(r.case.lang == "en" for r in cases)}
            row["es"] = row["n"] - row["en"]
            if kind in EMPTY_EXPECT_TYPES:
                row["passed"] = mean([float(_empty_case_ok(r)) for r in cases])
            else:
                row["recall_at_3"] = mean([recall_at_k(r.ranked, r.case.expect, 3) for r in cases])
                row["passed"] = mean([float(_case_ok(r)) for r in cases])
            by_type[kind] = row

        summary: dict[str, Any] = {
            "cases": len(results),
            "by_language": {lang: sum(r.case.lang == lang for r in results) for lang in LANGUAGES},
            "errors": sum(r.error is not None for r in results),
            "item_lookup": {
                "n": len(items),
                "correct": sum(item_ok),
                "accuracy": mean([float(x) for x in item_ok]),
                "by_language": {
                    lang: mean([float(ok) for r, ok in zip(items, item_ok) if r.case.lang == lang])
                    for lang in LANGUAGES
                },
            },
            "no_such_item": {
                "n": len(no_such),
                "correct": sum(_empty_case_ok(r) for r in no_such),
            },
            "retrieval": _retrieval_block(results),
            # The same figures without item-number questions (see is_numbered_item_case).
            "retrieval_without_item_numbers": _retrieval_block(results, lambda c: not is_numbered_item_case(c)),
            "refusal": {
                "precision": refusal.precision,
                "recall": refusal.recall,
                "out_of_scope": refusal.positives,
                "out_of_scope_refused": refusal.true_positives,
                "in_scope": refusal.negatives,
                "in_scope_refused": refusal.in_scope_refused,
                "out_of_scope_cited": sum(bool(r.citations) for r in oos),
            },
            "language_match": mean([float(r.language == r.case.lang) for r in results if r.error is None]),
            "latency": latency_summary(latencies),
            "warm_up_s": self.warm_up_s,
            "by_type": by_type,
        }
        summary["targets"] = _targets(summary)
        return summary

    def _misses(self) -> list[dict[str, Any]]:
        misses: list[dict[str, Any]] = []
        for res in self.results:
            case = res.case
            top = res.ranked[:3]
            if res.error:
                misses.append(_miss(res, "error", None, res.error))
                continue
            if case.type in ITEM_TYPES and not item_lookup_correct(res.citations, res.text, case.expect):
                first = res.citations[0] if res.citations else None
                if first is None:
                    reason = f"no citation (intent {res.intent})"
                elif first not in case.expect:
                    reason = "first citation is not an expected item"
                else:
                    reason = f"answer does not name release {release_of(first)}"
                misses.append(_miss(res, "item_lookup", res.citations[:3], reason))
            if case.expect and not recall_at_k(res.ranked, case.expect, 3):
                misses.append(_miss(res, "recall_at_3", top, f"no expected id in the top 3 (intent {res.intent})"))
            if case.type == "out_of_scope" and not res.refused:
                misses.append(_miss(res, "not_refused", top, f"answered with intent {res.intent}"))
            elif case.type == "out_of_scope" and res.citations:
                misses.append(_miss(res, "cited_out_of_scope", res.citations, "refusal carries citations"))
            if case.type not in EMPTY_EXPECT_TYPES and res.refused:
                misses.append(_miss(res, "refused_in_scope", top, "in-scope question refused"))
            if case.type == "no_such_item" and res.citations:
                misses.append(_miss(res, "no_such_item_cited", res.citations, "cites an entry for an item that does not exist"))
            if res.language != case.lang:
                misses.append(_miss(res, "language", res.language, f"answered in {res.language}, asked in {case.lang}"))
            for mode in ("cross_lingual", *BASELINE_MODES):
                if mode in res.retrieval_errors:
                    misses.append(_miss(res, mode, None, res.retrieval_errors[mode]))
                elif case.expect and mode in res.retrieval and not recall_at_k(res.retrieval[mode], case.expect, 3):
                    misses.append(_miss(res, mode, res.retrieval[mode][:3], "no expected id in the top 3"))
        return misses

    # -- output ----------------------------------------------------------------------------
    def answer_misses(self) -> list[dict[str, Any]]:
        """Misses of the assistant itself (what the targets judge); the rest are diagnostics of
        retrieval-only runs (baselines and cross-lingual)."""
        return [m for m in self.misses if m["kind"] not in ("cross_lingual", *BASELINE_MODES)]

    def to_json(self) -> dict[str, Any]:
        return {
            "golden": self.golden_path,
            "summary": self.summary,
            "notes": self.notes,
            "misses": self.misses,
            "cases": [
                {
                    "index": r.case.index,
                    "question": r.case.q,
                    "lang": r.case.lang,
                    "type": r.case.type,
                    "release": r.case.release,
                    "expected": list(r.case.expect),
                    "intent": r.intent,
                    "language": r.language,
                    "ranked_ids": r.ranked[:10],
                    "citations": r.citations,
                    "latency_ms": r.latency_ms,
                    "error": r.error,
                    "retrieval": {k: v[:10] for k, v in r.retrieval.items()},
                }
                for r in self.results
            ],
        }

    def format(self, *, all_misses: bool = False) -> str:
        from assistant.evaluation.golden_format import format_report

        return format_report(self, all_misses=all_misses)


def _case_ok(res: CaseResult) -> bool:
    if res.error or res.refused or res.language != res.case.lang:
        return False
    if res.case.type in ITEM_TYPES:
        return item_lookup_correct(res.citations, res.text, res.case.expect)
    return bool(recall_at_k(res.ranked, res.case.expect, 3))


def _empty_case_ok(res: CaseResult) -> bool:
    if res.error or res.citations or res.language != res.case.lang:
        return False
    return res.refused if res.case.type == "out_of_scope" else True


def _targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    def row(name: str, value: Any, target: str, met: bool | None) -> dict[str, Any]:
        return {"name": name, "value": value, "target": target, "met": met}

    rows = [
        row(
            "item lookups correct",
            summary["item_lookup"]["accuracy"],
            ">= 1.00",
            None if summary["item_lookup"]["accuracy"] is None else summary["item_lookup"]["accuracy"] >= TARGETS["item_lookup_accuracy"],
        )
    ]
    for lang in LANGUAGES:
        value = summary["retrieval"]["answer"][lang]["recall_at_3"]
        rows.append(row(f"Recall@3 ({lang})", value, ">= 0.95", None if value is None else value >= TARGETS["recall_at_3"]))
    recall = summary["refusal"]["recall"]
    rows.append(row("out-of-scope refused", recall, ">= 0.95", None if recall is None else recall >= TARGETS["out_of_scope_refused"]))
    refused = summary["refusal"]["in_scope_refused"]
    rows.append(row("in-scope refused", refused, "= 0", refused <= TARGETS["in_scope_refused"]))
    return rows
