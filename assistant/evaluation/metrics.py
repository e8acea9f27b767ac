"""Pure metric functions of the evaluation: recall@k, reciprocal rank, item-lookup correctness,
refusal precision/recall, percentiles and latency. No knowledge of the assistant or of any file."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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

# Retrieval documents are per language ("csp51-2.3#es"); metrics compare entry ids.
_DOC_SUFFIX = re.compile(r"#(en|es)$")


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
