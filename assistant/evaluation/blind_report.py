"""Figures, misses and the printed report of a blind-set run (`copc eval --blind`).

The blind set has no targets on purpose: it is a measurement written by someone who never saw the
code, and must never be used to tune answers (see tests/blind/INSTRUCTIONS.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.evaluation.blind_cases import KINDS, LANGUAGES, STYLES
from assistant.evaluation.blind_scoring import BlindResult
from assistant.evaluation.metrics import latency_summary
from assistant.evaluation.text_tables import fmt, table


def rate(results: Sequence[BlindResult], ok: Callable[[BlindResult], bool]) -> dict[str, Any]:
    """{"n", "passed", "rate"} of ``ok`` over ``results``; rate is None for no results."""
    passed = sum(1 for r in results if ok(r))
    return {"n": len(results), "passed": passed, "rate": passed / len(results) if results else None}


def _passed(r: BlindResult) -> bool:
    return bool(r.verdict and r.verdict.passed)


def _met(r: BlindResult) -> bool:
    return bool(r.verdict and r.verdict.expectation_met)


def _by_language(results: Sequence[BlindResult], ok: Callable[[BlindResult], bool]) -> dict[str, Any]:
    return {lang: rate([r for r in results if r.case.language == lang], ok) for lang in LANGUAGES}


def summarise(results: Sequence[BlindResult]) -> dict[str, Any]:
    def where(test: Callable[[BlindResult], bool]) -> list[BlindResult]:
        return [r for r in results if test(r)]

    answer = where(lambda r: r.case.expect == "answer")
    items = where(lambda r: r.case.kind == "item")
    refuse = where(lambda r: r.case.expect == "refuse")
    kpi = where(lambda r: r.case.expect == "kpi")
    smalltalk = where(lambda r: r.case.expect == "smalltalk")
    answered = where(lambda r: r.error is None)

    by_kind = {}
    for kind in KINDS:
        rows = where(lambda r, k=kind: r.case.kind == k)
        if rows:
            by_kind[kind] = {"all": rate(rows, _passed), **_by_language(rows, _passed)}
    by_style = {s: rate(where(lambda r, s=s: r.case.style == s), _passed) for s in STYLES}
    return {
        "cases": len(results),
        "by_language_count": {lang: sum(r.case.language == lang for r in results) for lang in LANGUAGES},
        "errors": sum(r.error is not None for r in results),
        # passed = the expectation is met AND the answer is in the question's language
        "overall": rate(results, _passed),
        "overall_by_language": _by_language(results, _passed),
        "answer": {"all": rate(answer, _passed), **_by_language(answer, _passed)},
        "item_lookup": {"all": rate(items, _passed), **_by_language(items, _passed)},
        "refused": {
            "all": rate(refuse, _met),
            "near_domain": rate([r for r in refuse if r.case.kind == "near_domain"], _met),
            "out_of_scope": rate([r for r in refuse if r.case.kind == "out_of_scope"], _met),
            **_by_language(refuse, _met),
        },
        # expect: answer but intent no_answer (lower is better)
        "in_scope_refused": {"all": rate(answer, lambda r: bool(r.verdict and r.verdict.refused)),
                             **_by_language(answer, lambda r: bool(r.verdict and r.verdict.refused))},
        "kpi_routing": {"all": rate(kpi, _met), **_by_language(kpi, _met)},
        "smalltalk": {
            "all": rate(smalltalk, _met),
            "help": sum(r.intent == "help" for r in smalltalk),
            "no_answer": sum(r.intent == "no_answer" for r in smalltalk),
        },
        "language_match": {"all": rate(answered, lambda r: r.language == r.case.language),
                           **_by_language(answered, lambda r: r.language == r.case.language)},
        "by_kind": by_kind,
        "by_style": {s: v for s, v in by_style.items() if v["n"]},
        "latency": latency_summary([r.latency_ms for r in results if r.latency_ms is not None]),
    }


def misses(results: Sequence[BlindResult]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        v = r.verdict
        if v is None or v.passed:
            continue
        out.append({
            "id": r.case.id,
            "class": v.miss,
            "kind": r.case.kind,
            "language": r.case.language,
            "style": r.case.style,
            "question": r.case.question,
            "intent": r.intent,
            "answer_language": r.language,
            "reason": v.reason,
            "citations": list(r.citations[:3]),
            "answer_start": " ".join(r.text.split())[:160],
        })
    return out


@dataclass
class BlindReport:
    results: list[BlindResult]
    path: str | None = None
    summary: dict[str, Any] = field(init=False)
    misses: list[dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.summary = summarise(self.results)
        self.misses = misses(self.results)

    def miss_classes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self.misses:
            counts[m["class"]] = counts.get(m["class"], 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def to_json(self) -> dict[str, Any]:
        return {
            "blind": self.path,
            "summary": self.summary,
            "miss_classes": self.miss_classes(),
            "misses": self.misses,
            "cases": [
                {
                    "id": r.case.id,
                    "question": r.case.question,
                    "language": r.case.language,
                    "kind": r.case.kind,
                    "expect": r.case.expect,
                    "intent": r.intent,
                    "answer_language": r.language,
                    "reason": r.reason,
                    "citations": list(r.citations),
                    "passed": _passed(r),
                    "miss": r.verdict.miss if r.verdict else None,
                    "latency_ms": r.latency_ms,
                    "error": r.error,
                }
                for r in self.results
            ],
        }

    def format(self) -> str:
        return format_blind(self)


def _cell(block: dict[str, Any]) -> str:
    return f"{block['passed']}/{block['n']} ({fmt(block['rate'])})" if block["n"] else "—"


def format_blind(report: BlindReport) -> str:
    s = report.summary
    out = [
        f"Blind set: {s['cases']} questions (en {s['by_language_count']['en']}, es {s['by_language_count']['es']})"
        + (f" from {report.path}" if report.path else ""),
        "Written from the fact sheet only; a measurement, never a tuning set: no targets.",
    ]
    if s["errors"]:
        out.append(f"!! {s['errors']} case(s) raised an error (listed below)")
    out.append("")
    rows = [
        ["passed (expectation met, right language)", s["overall"], s["overall_by_language"]],
        ["expect answer: passed", s["answer"]["all"], s["answer"]],
        ["  item lookups (kind item): passed", s["item_lookup"]["all"], s["item_lookup"]],
        ["expect refuse: refused", s["refused"]["all"], s["refused"]],
        ["  near-domain refused", s["refused"]["near_domain"], None],
        ["  out-of-scope refused", s["refused"]["out_of_scope"], None],
        ["in-scope wrongly refused (lower is better)", s["in_scope_refused"]["all"], s["in_scope_refused"]],
        ["KPI requests routed to KPI", s["kpi_routing"]["all"], s["kpi_routing"]],
        ["small talk: help or friendly no_answer", s["smalltalk"]["all"], None],
        ["answer language = question language", s["language_match"]["all"], s["language_match"]],
    ]
    out.append(table(
        ["measure", "all", "en", "es"],
        [[name, _cell(a), _cell(b["en"]) if b else "", _cell(b["es"]) if b else ""] for name, a, b in rows],
    ))
    out.append(f"Small talk: {s['smalltalk']['help']} help, {s['smalltalk']['no_answer']} no_answer")
    lat = s["latency"]
    out.append(f"Latency over {lat['n']} answers: p50 {fmt(lat['p50_ms'], 1)} ms, p95 {fmt(lat['p95_ms'], 1)} ms")
    out.append("")
    out.append("By kind (passed)")
    out.append(table(["kind", "all", "en", "es"],
                     [[k, _cell(v["all"]), _cell(v["en"]), _cell(v["es"])] for k, v in s["by_kind"].items()]))
    out.append("")
    out.append("By style (passed)")
    out.append(table(["style", "passed"], [[k, _cell(v)] for k, v in s["by_style"].items()]))
    out.append("")
    classes = ", ".join(f"{k} {v}" for k, v in report.miss_classes().items())
    out.append(f"Misses ({len(report.misses)}{': ' + classes if classes else ''})")
    if not report.misses:
        out.append("  none")
    for m in report.misses:
        out.append(f"  [{m['class']}] {m['id']} ({m['language']}, {m['kind']}, {m['style']}) {m['question']!r}")
        out.append(f"      {m['reason']}" + (f"  — {m['answer_start']!r}" if m["answer_start"] else ""))
    return "\n".join(out)
