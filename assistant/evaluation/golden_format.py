"""The golden-set report as plain text (what `copc eval` prints without --json)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.evaluation.golden_cases import LANGUAGES
from assistant.evaluation.text_tables import fmt as _fmt
from assistant.evaluation.text_tables import table as _table

if TYPE_CHECKING:
    from assistant.evaluation.golden_report import Report


def format_report(report: Report, *, all_misses: bool = False) -> str:
    s = report.summary
    out: list[str] = []
    out.append(
        f"Golden set: {s['cases']} cases (en {s['by_language']['en']}, es {s['by_language']['es']})"
        + (f" from {report.golden_path}" if report.golden_path else "")
    )
    if s["errors"]:
        out.append(f"!! {s['errors']} case(s) raised an error (listed below)")
    out.append("")
    out.append("Targets")
    out.append(
        _table(
            ["metric", "value", "target", "met"],
            [[t["name"], t["value"], t["target"], t["met"]] for t in s["targets"]],
        )
    )
    out.append("")
    out.append("Retrieval (cases with expected ids): Recall@1 / Recall@3 / MRR;")
    out.append("the * columns leave out questions asking for an item by number (retrieval alone cannot")
    out.append("know the default release: the assistant resolves those before searching)")
    rows = []
    labels = {
        "answer": "assistant (ranked_ids)",
        "cross_lingual": "hybrid, other-language docs",
        "bm25": "baseline BM25 only",
        "dense": "baseline dense only",
    }
    for key, label in labels.items():
        block, other = s["retrieval"][key], s["retrieval_without_item_numbers"][key]
        for lang in (*LANGUAGES, "all"):
            b, o = block[lang], other[lang]
            if b["n"]:
                rows.append([label, lang, b["n"], b["recall_at_1"], b["recall_at_3"], b["mrr"],
                             o["n"], o["recall_at_1"], o["recall_at_3"], o["mrr"]])
    out.append(_table(["system", "lang", "n", "R@1", "R@3", "MRR", "n*", "R@1*", "R@3*", "MRR*"], rows))
    out.append("")
    il, ref, nsi = s["item_lookup"], s["refusal"], s["no_such_item"]
    out.append(
        f"Item lookups: {il['correct']}/{il['n']} correct (en {_fmt(il['by_language']['en'])}, es {_fmt(il['by_language']['es'])})"
        f"   'No such item': {nsi['correct']}/{nsi['n']} answered without citation"
    )
    out.append(
        f"Refusals: precision {_fmt(ref['precision'])}, recall {_fmt(ref['recall'])}"
        f" ({ref['out_of_scope_refused']}/{ref['out_of_scope']} out-of-scope refused,"
        f" {ref['in_scope_refused']}/{ref['in_scope']} in-scope refused,"
        f" {ref['out_of_scope_cited']} out-of-scope answers with citations)"
    )
    out.append(f"Answer language matches the question: {_fmt(s['language_match'])}")
    lat = s["latency"]
    out.append(
        f"Latency over {lat['n']} answers: p50 {_fmt(lat['p50_ms'], 1)} ms, p95 {_fmt(lat['p95_ms'], 1)} ms,"
        f" p99 {_fmt(lat['p99_ms'], 1)} ms, max {_fmt(lat['max_ms'], 1)} ms"
        + (f"  (warm-up {s['warm_up_s']:.1f} s, not included)" if s["warm_up_s"] is not None else "")
    )
    out.append("")
    out.append("By question type")
    out.append(
        _table(
            ["type", "n", "en", "es", "R@3", "passed"],
            [[k, v["n"], v["en"], v["es"], v.get("recall_at_3"), v["passed"]] for k, v in s["by_type"].items()],
        )
    )
    for note in report.notes:
        out.append(f"Note: {note}")

    shown = report.misses if all_misses else report.answer_misses()
    hidden = len(report.misses) - len(shown)
    out.append("")
    out.append(f"Misses ({len(shown)}{'' if all_misses else ' of the assistant'})")
    if not shown:
        out.append("  none")
    for m in shown:
        release = f" [--release {m['release']}]" if m["release"] else ""
        out.append(f"  [{m['kind']}] #{m['index']} ({m['lang']}, {m['type']}) {m['question']!r}{release}")
        out.append(f"      expected {m['expected']}  got {m['got']}  — {m['reason']}")
    if hidden:
        out.append(f"  (+{hidden} retrieval-only misses of the baselines and cross-lingual run: use --misses)")
    return "\n".join(out)
