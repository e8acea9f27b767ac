"""Measure answer quality against the bilingual golden set (`copc eval`).

Three layers, kept apart so each can be tested on its own:

* pure metric functions (recall@k, reciprocal rank, item-lookup correctness, refusal precision and
  recall, percentiles) with no knowledge of the assistant;
* ``load_golden``: reads and validates ``tests/golden/golden.yaml`` with errors that name the case
  and the field, because the people who add questions are not the people who wrote this code;
* ``run_eval``: asks the real assistant every question, runs the retrieval baselines (BM25 only,
  dense only) and the cross-lingual measurement in the same run, and returns a ``Report`` that
  prints as a table or as JSON and lists every miss.

Misses are part of the report on purpose: a figure without the questions behind it cannot be
checked or improved.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.base.answers import KnowledgeAnswer, NoAnswer
from assistant.base.yaml_files import YamlFileError, read_yaml_file

LANGUAGES = ("en", "es")
INTENTS = ("knowledge", "no_answer")
TYPES = (
    "item_lookup",
    "item_release",
    "no_such_item",
    "title",
    "concept",
    "kpi_definition",
    "glossary",
    "colloquial",
    "out_of_scope",
)
# Cases whose answer must cite the expected item and name its release.
ITEM_TYPES = frozenset({"item_lookup", "item_release"})
# Cases with no entry to find: they are judged on refusing / not citing, not on recall.
EMPTY_EXPECT_TYPES = frozenset({"no_such_item", "out_of_scope"})
FIELDS = ("q", "lang", "type", "expect", "release", "intent")
REQUIRED_FIELDS = ("q", "lang", "type", "expect", "intent")

# Entry-id slug -> release id (COMMON conventions: items are "<release-slug>-<number>").
RELEASE_SLUGS = {
    "csp4x": "CSP 4.x",
    "csp51": "CSP 5.1",
    "csp52": "CSP 5.2",
    "cx60": "CX 6.0",
    "cx70cc": "CX 7.0 CC",
    "cx70co": "CX 7.0 CO",
    "cx80": "CX 8.0",
    "vmo51": "VMO 5.1",
    "gmd50a": "GMD 5.0a",
}

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Retrieval documents are per language ("csp51-2.3#es"); metrics compare entry ids.
_DOC_SUFFIX = re.compile(r"#(en|es)$")

TARGETS = {
    "item_lookup_accuracy": 1.0,
    "recall_at_3": 0.95,  # per language
    "out_of_scope_refused": 0.95,
    "in_scope_refused": 0,  # a count: no in-scope question may be refused
}


# --------------------------------------------------------------------------------------------
# Pure metrics
# --------------------------------------------------------------------------------------------


def recall_at_k(ranked: Sequence[str], expected: Iterable[str], k: int) -> float:
    """1.0 when any acceptable id is among the first ``k`` ranked ids, else 0.0.

    The golden set lists several *acceptable* ids for one need (e.g. a glossary term and its KPI
    entry), not several needs: finding one of them answers the question.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    wanted = set(expected)
    if not wanted:
        raise ValueError("recall is undefined without expected ids")
    return 1.0 if any(i in wanted for i in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], expected: Iterable[str]) -> float:
    """1/rank of the first acceptable id (ranks start at 1); 0.0 when none is ranked."""
    wanted = set(expected)
    if not wanted:
        raise ValueError("reciprocal rank is undefined without expected ids")
    for position, entry_id in enumerate(ranked, start=1):
        if entry_id in wanted:
            return 1.0 / position
    return 0.0


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def release_of(entry_id: str) -> str | None:
    """The release an item id belongs to ("cx60-2.3" -> "CX 6.0"); None for non-item ids."""
    slug, sep, _ = entry_id.partition("-")
    return RELEASE_SLUGS.get(slug) if sep else None


def names_release(text: str, release: str) -> bool:
    """Whether the answer text names ``release`` ("CSP 5.1"), ignoring case and spacing."""
    squash = lambda s: re.sub(r"\s+", "", s).casefold()  # noqa: E731 - tiny local helper
    return bool(release) and squash(release) in squash(text)


def item_lookup_correct(citation_ids: Sequence[str], text: str, expected: Sequence[str]) -> bool:
    """An item lookup is right when the FIRST citation is an acceptable id and the answer names
    that id's release (an item number means different things in different releases)."""
    if not citation_ids or citation_ids[0] not in set(expected):
        return False
    release = release_of(citation_ids[0])
    return release is not None and names_release(text, release)


@dataclass(frozen=True)
class RefusalScores:
    true_positives: int  # out-of-scope and refused
    false_positives: int  # in scope but refused
    false_negatives: int  # out-of-scope but answered
    positives: int  # out-of-scope questions
    negatives: int  # in-scope questions

    @property
    def precision(self) -> float | None:
        refused = self.true_positives + self.false_positives
        return self.true_positives / refused if refused else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.positives if self.positives else None

    @property
    def in_scope_refused(self) -> int:
        return self.false_positives


def refusal_scores(should_refuse: Sequence[bool], refused: Sequence[bool]) -> RefusalScores:
    """Precision/recall of refusals, where a refusal is an answer with intent "no_answer"."""
    if len(should_refuse) != len(refused):
        raise ValueError("should_refuse and refused must have the same length")
    tp = sum(1 for s, r in zip(should_refuse, refused) if s and r)
    fp = sum(1 for s, r in zip(should_refuse, refused) if not s and r)
    fn = sum(1 for s, r in zip(should_refuse, refused) if s and not r)
    positives = sum(1 for s in should_refuse if s)
    return RefusalScores(tp, fp, fn, positives, len(should_refuse) - positives)


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) with linear interpolation between closest ranks (the
    'linear' method of numpy/statistics), None for no values."""
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_summary(values_ms: Sequence[float]) -> dict[str, float | None]:
    return {
        "n": len(values_ms),
        "p50_ms": percentile(values_ms, 50),
        "p95_ms": percentile(values_ms, 95),
        "p99_ms": percentile(values_ms, 99),
        "max_ms": max(values_ms) if values_ms else None,
        "mean_ms": mean(values_ms),
    }


def entry_ids(ids: Iterable[str]) -> list[str]:
    """Entry ids in rank order: per-language document suffixes dropped, duplicates removed."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in ids:
        entry_id = _DOC_SUFFIX.sub("", str(raw))
        if entry_id not in seen:
            seen.add(entry_id)
            out.append(entry_id)
    return out


# --------------------------------------------------------------------------------------------
# Golden set
# --------------------------------------------------------------------------------------------


class GoldenError(ValueError):
    """The golden file is unreadable or a case is malformed; ``problems`` lists every error."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Golden set is invalid:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class GoldenCase:
    index: int  # 0-based position in the file
    q: str
    lang: str
    type: str
    expect: tuple[str, ...]
    release: str | None
    intent: str
    line: int | None = None


def load_golden(path: str | Path) -> list[GoldenCase]:
    """Read and validate a golden file: a YAML list of cases (see tests/golden/golden.yaml)."""
    path = Path(path)
    name = path.name
    try:
        data, value_lines = read_yaml_file(path)
    except YamlFileError as exc:
        raise GoldenError([str(exc)]) from None
    if not isinstance(data, list) or not data:
        raise GoldenError([f"{name}: must be a non-empty YAML list of cases"])

    lines = [value_lines.get((i,)) for i in range(len(data))]
    problems: list[str] = []
    cases: list[GoldenCase] = []
    seen: dict[tuple[str, str | None], int] = {}
    for index, raw in enumerate(data):
        line = lines[index]
        where = f"{name}: case {index}" + (f" (line {line})" if line else "")
        before = len(problems)

        def bad(field_name: str, message: str) -> None:
            problems.append(f"{where}: field '{field_name}': {message}")

        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a mapping with fields {', '.join(FIELDS)}")
            continue
        for key in raw:
            if key not in FIELDS:
                bad(str(key), f"unknown field (allowed: {', '.join(FIELDS)})")
        for key in REQUIRED_FIELDS:
            if key not in raw:
                bad(key, "missing")
        q, lang, kind = raw.get("q"), raw.get("lang"), raw.get("type")
        expect, release, intent = raw.get("expect"), raw.get("release"), raw.get("intent")
        if "q" in raw and (not isinstance(q, str) or not q.strip()):
            bad("q", "must be a non-empty string")
        if "lang" in raw and lang not in LANGUAGES:
            bad("lang", f"must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        if "type" in raw and kind not in TYPES:
            bad("type", f"must be one of {', '.join(TYPES)}, got {kind!r}")
        if "intent" in raw and intent not in INTENTS:
            bad("intent", f"must be one of {', '.join(INTENTS)}, got {intent!r}")
        if release is not None and (not isinstance(release, str) or not release.strip()):
            bad("release", "must be a release name (e.g. \"CX 6.0\") or null")
        if "expect" in raw:
            if not isinstance(expect, list) or not all(isinstance(i, str) for i in expect):
                bad("expect", "must be a list of entry ids")
            else:
                for entry_id in expect:
                    if not _ID_RE.match(entry_id):
                        bad("expect", f"{entry_id!r} is not a valid entry id")
                if len(set(expect)) != len(expect):
                    bad("expect", "lists the same id twice")
                if kind in EMPTY_EXPECT_TYPES and expect:
                    bad("expect", f"must be [] for type {kind}")
                if kind in TYPES and kind not in EMPTY_EXPECT_TYPES and not expect:
                    bad("expect", f"must list at least one acceptable id for type {kind}")
                if kind in ITEM_TYPES and expect and release_of(expect[0]) is None:
                    bad("expect", f"the first id of an {kind} case must be an item id, got {expect[0]!r}")
        if kind == "out_of_scope" and intent == "knowledge":
            bad("intent", "an out_of_scope case must expect intent no_answer")
        if kind in TYPES and kind not in EMPTY_EXPECT_TYPES and intent == "no_answer":
            bad("intent", f"a {kind} case is in scope: expect intent knowledge")
        if len(problems) > before:
            continue
        key = (q.strip().casefold(), release)
        if key in seen:
            problems.append(f"{where}: field 'q': duplicate of case {seen[key]}")
            continue
        seen[key] = index
        cases.append(GoldenCase(index, q.strip(), lang, kind, tuple(expect), release, intent, line))
    if problems:
        raise GoldenError(problems)
    return cases


# --------------------------------------------------------------------------------------------
# Running the evaluation
# --------------------------------------------------------------------------------------------

BASELINE_MODES = ("bm25", "dense")
OTHER_LANGUAGE = {"en": "es", "es": "en"}


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


_ITEM_NUMBER = re.compile(r"(?<![\w.])(?:\d{1,2}|[A-H])\.\d{1,2}(?![\w.]|\.\d)")


def is_numbered_item_case(case: GoldenCase) -> bool:
    """Cases that ask for an item by number. Retrieval alone cannot answer them fairly (a bare
    "2.3" exists in five releases and only the assistant knows the default release), so
    retrieval-only figures are also shown without them."""
    if case.type in ITEM_TYPES:
        return True
    return bool(case.expect) and release_of(case.expect[0]) is not None and bool(_ITEM_NUMBER.search(case.q))


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
        start = time.perf_counter()
        try:
            answer = assistant.answer(case.q, release=case.release)
        except Exception as exc:  # noqa: BLE001 - one broken case must not hide the others
            res.error = f"{type(exc).__name__}: {exc}"
        else:
            res.latency_ms = (time.perf_counter() - start) * 1000
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


# --------------------------------------------------------------------------------------------
# Plain-text report
# --------------------------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in header]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])])


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
