"""The golden set's cases: ``load_golden`` reads and validates ``tests/golden/golden.yaml`` with errors
that name the case and the field, because the people who add questions are not the people who
wrote this code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.evaluation.case_files import read_cases
from assistant.evaluation.metrics import release_of

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

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


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
    raw_cases, problems = read_cases(path, GoldenError, fields=FIELDS, required=REQUIRED_FIELDS)
    cases: list[GoldenCase] = []
    seen: dict[tuple[str, str | None], int] = {}
    for rc in raw_cases:
        raw, index, line, where, bad = rc.data, rc.index, rc.line, rc.where, rc.bad
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
        if rc.failed:
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


_ITEM_NUMBER = re.compile(r"(?<![\w.])(?:\d{1,2}|[A-H])\.\d{1,2}(?![\w.]|\.\d)")


def is_numbered_item_case(case: GoldenCase) -> bool:
    """Cases that ask for an item by number. Retrieval alone cannot answer them fairly (a bare
    "2.3" exists in five releases and only the assistant knows the default release), so
    retrieval-only figures are also shown without them."""
    if case.type in ITEM_TYPES:
        return True
    return bool(case.expect) and release_of(case.expect[0]) is not None and bool(_ITEM_NUMBER.search(case.q))
