"""The blind evaluation set (``tests/blind/blind.yaml``): reading and validating its cases.

The set was written by someone who saw only the fact sheet, never the code, the knowledge files or
the golden set (tests/blind/INSTRUCTIONS.md). It measures; it must NEVER be used to tune answers,
or its figures stop meaning anything. Its format therefore stays exactly as written: this module
validates it and never rewrites it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.evaluation.case_files import read_cases

LANGUAGES = ("en", "es")
ROLES = ("supervisor", "agent", "trainer")
STYLES = ("plain", "colloquial", "misspelled", "code_switched", "rambling", "one_word", "unaccented")
KINDS = (
    "item",
    "concept",
    "glossary",
    "kpi_definition",
    "release",
    "list",
    "warning",
    "kpi_request",
    "near_domain",
    "out_of_scope",
    "smalltalk",
)
EXPECTS = ("answer", "refuse", "kpi", "smalltalk")
FIELDS = ("id", "question", "language", "role", "style", "kind", "expect", "item", "release_mentions", "expect_any")
REQUIRED_FIELDS = ("id", "question", "language", "role", "style", "kind", "expect")


class BlindSetError(ValueError):
    """The blind file is unreadable or a case is malformed; ``problems`` lists every error."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Blind set is invalid:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class BlindCase:
    id: str
    question: str
    language: str
    role: str
    style: str
    kind: str
    expect: str
    item: str | None = None
    release_mentions: tuple[str, ...] = ()
    expect_any: tuple[str, ...] = ()
    line: int | None = None


def _string_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def load_blind(path: str | Path) -> list[BlindCase]:
    """Read and validate a blind file: a YAML list of cases in the format of tests/blind/INSTRUCTIONS.md."""
    raw_cases, problems = read_cases(path, BlindSetError, fields=FIELDS, required=REQUIRED_FIELDS)
    cases: list[BlindCase] = []
    seen: dict[str, int] = {}
    for rc in raw_cases:
        raw, index, line, where, bad = rc.data, rc.index, rc.line, rc.where, rc.bad
        for key in ("id", "question"):
            if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
                bad(key, "must be a non-empty string")
        for key, allowed in (("language", LANGUAGES), ("role", ROLES), ("style", STYLES), ("kind", KINDS), ("expect", EXPECTS)):
            if key in raw and raw[key] not in allowed:
                bad(key, f"must be one of {', '.join(allowed)}, got {raw[key]!r}")
        expect, kind = raw.get("expect"), raw.get("kind")
        if expect == "answer" and not _string_list(raw.get("expect_any")):
            bad("expect_any", "an expect: answer case needs a non-empty list of phrases")
        if expect in EXPECTS and expect != "answer" and "expect_any" in raw:
            bad("expect_any", f"only for expect: answer, not {expect}")
        if "release_mentions" in raw and not _string_list(raw["release_mentions"]):
            bad("release_mentions", "must be a non-empty list of strings")
        if kind == "item" and not (isinstance(raw.get("item"), str) and raw["item"].strip()):
            bad("item", "a kind: item case needs the item number as a string, e.g. '2.3'")
        if kind in KINDS and kind != "item" and "item" in raw:
            bad("item", "only for kind: item")
        if rc.failed:
            continue
        case_id = raw["id"].strip()
        if case_id in seen:
            problems.append(f"{where}: field 'id': {case_id!r} is also case {seen[case_id]}")
            continue
        seen[case_id] = index
        cases.append(
            BlindCase(
                id=case_id,
                question=raw["question"].strip(),
                language=raw["language"],
                role=raw["role"],
                style=raw["style"],
                kind=kind,
                expect=expect,
                item=raw.get("item"),
                release_mentions=tuple(raw.get("release_mentions") or ()),
                expect_any=tuple(raw.get("expect_any") or ()),
                line=line,
            )
        )
    if problems:
        raise BlindSetError(problems)
    return cases
