"""The governed metric catalog (catalog.yaml): what each KPI means and how each source computes it.

Ratio metrics are always computed as SUM(numerator) / SUM(denominator) over the whole window (or
the average of the denominator where the definition says "average", e.g. headcount), never as an
average of daily percentages: a quiet Sunday must not weigh as much as a busy Monday.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from metrics_adapter.errors import MetricsConfigError
from assistant.base.config_files import load_model
from assistant.base.text import fold_name as fold
from assistant.base.units import Unit  # the one unit type of the answer contract

IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
# Catalog expressions are governed configuration, but they still end up in SQL: allow only column
# names, numbers, arithmetic and a few harmless functions, so a typo cannot become a statement.
_EXPR_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?)|([-+*/(),]))")
_EXPR_FUNCTIONS = {"abs", "coalesce"}
_SQL_WORDS = {
    "select", "from", "where", "union", "insert", "update", "delete", "drop", "alter", "create",
    "exec", "execute", "into", "table", "join", "or", "and", "not", "null", "case", "when", "pg_sleep",
}


def _identifier(v: str) -> str:
    if not IDENT_RE.match(v):
        raise ValueError("must be a plain SQL identifier (letters, digits, '_')")
    return v


def _expression(v: str) -> str:
    pos, depth = 0, 0
    v = v.strip()
    if not v:
        raise ValueError("expression is empty")
    while pos < len(v):
        m = _EXPR_TOKEN.match(v, pos)
        if not m or m.end() == pos:
            raise ValueError(f"unsupported character in expression at {v[pos:pos + 10]!r}")
        word = m.group(1)
        if word and word.lower() in _SQL_WORDS:
            raise ValueError(f"'{word}' is not allowed in an expression (columns, numbers, + - * / and abs/coalesce only)")
        if word and v[m.end():].lstrip().startswith("(") and word.lower() not in _EXPR_FUNCTIONS:
            raise ValueError(f"function '{word}' is not allowed (only abs, coalesce)")
        sym = m.group(3)
        depth += 1 if sym == "(" else -1 if sym == ")" else 0
        if depth < 0:
            raise ValueError("unbalanced parentheses")
        pos = m.end()
    if depth:
        raise ValueError("unbalanced parentheses")
    return v


Identifier = Annotated[str, AfterValidator(_identifier)]
Expression = Annotated[str, AfterValidator(_expression)]
Direction = Literal["higher", "lower"]
Level = Literal["team", "agent"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Names(_Strict):
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class Definition(_Strict):
    en: str = Field(min_length=1)
    es: str = Field(min_length=1)


class Target(_Strict):
    default: float | None = None
    # Per-team overrides, keyed by directory team id (checked against the directory at start).
    teams: dict[str, float] = Field(default_factory=dict)

    def for_team(self, team_id: str) -> float | None:
        return self.teams.get(team_id, self.default)


class SqlCompute(_Strict):
    table: Identifier
    date_column: Identifier = "day"
    team_column: Identifier = "team_id"
    agent_column: Identifier | None = None
    numerator: Expression
    denominator: Expression
    # "avg" for stock denominators such as headcount (leavers / average headcount).
    denominator_aggregate: Literal["sum", "avg"] = "sum"
    # value = 1 - numerator/denominator (forecast accuracy from absolute error, accuracy from errors).
    complement: bool = False


class HttpCompute(_Strict):
    # Name of the metric on the platform ({metric} in the URL template); default: the catalog id.
    metric: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]+$")
    # Override where the value sits in the JSON answer (dotted path, list indexes as numbers).
    value_path: str | None = None
    # For ratio metrics the platform may return parts; then the ratio is computed here.
    numerator_path: str | None = None
    denominator_path: str | None = None
    complement: bool = False  # value = 1 - numerator/denominator

    @model_validator(mode="after")
    def _parts_together(self) -> "HttpCompute":
        if (self.numerator_path is None) != (self.denominator_path is None):
            raise ValueError("numerator_path and denominator_path go together")
        return self


class Compute(_Strict):
    sql: SqlCompute | None = None
    http: HttpCompute | None = None


class Metric(_Strict):
    id: Annotated[str, Field(pattern=ID_RE.pattern)]
    en: Names
    es: Names
    definition: Definition
    unit: Unit
    direction: Direction
    target: Target = Target()
    default_window: str = "last week"
    levels: list[Level] = Field(default_factory=lambda: ["team"], min_length=1)
    # Knowledge-base entry with the KPI's definition (kpi-...) and the COPC item it relates to.
    kb_entry: str | None = None
    copc_item: str | None = None
    compute: Compute

    @model_validator(mode="after")
    def _consistent(self) -> "Metric":
        if self.compute.sql is None and self.compute.http is None:
            raise ValueError("compute needs at least one source ('sql' or 'http')")
        if "agent" in self.levels and self.compute.sql is not None and self.compute.sql.agent_column is None:
            raise ValueError("levels includes 'agent' but compute.sql has no agent_column")
        return self

    def name(self, language: str) -> str:
        return (self.es if language == "es" else self.en).name

    @property
    def scale(self) -> float:
        return 100.0 if self.unit == "percent" else 1.0


class Overview(_Strict):
    metrics: list[str] = Field(min_length=1)
    default_window: str = "this week"


class CatalogFile(_Strict):
    version: Literal[1] = 1
    overview: Overview
    metrics: list[Metric] = Field(min_length=1)


@dataclass
class Catalog:
    metrics: dict[str, Metric]
    overview: Overview
    path: Path

    def get(self, metric_id: str) -> Metric | None:
        return self.metrics.get(metric_id)

    def phrases(self) -> list[tuple[str, str]]:
        """(folded phrase, metric id) for every name, alias and id, longest first."""
        out: set[tuple[str, str]] = set()
        for m in self.metrics.values():
            for p in [m.id.replace("_", " "), m.en.name, m.es.name, *m.en.aliases, *m.es.aliases]:
                out.add((fold(p), m.id))
        return sorted(out, key=lambda x: (-len(x[0]), x[0]))

    def lookup(self, text: str) -> Metric | None:
        """A metric by id, name or alias (for the CLI's METRIC argument)."""
        key = fold(text.strip()).replace("-", " ").replace("_", " ")
        for phrase, mid in self.phrases():
            if phrase == key:
                return self.metrics[mid]
        return None


def load_catalog(path: Path) -> Catalog:
    parsed, doc = load_model(path, CatalogFile, MetricsConfigError)
    problems: list[str] = []
    ids: set[str] = set()
    for i, m in enumerate(parsed.metrics):
        if m.id in ids:
            problems.append(doc.problem(("metrics", i, "id"), f"metric id '{m.id}' is defined twice"))
        ids.add(m.id)
    for i, mid in enumerate(parsed.overview.metrics):
        if mid not in ids:
            problems.append(doc.problem(("overview", "metrics", i), f"unknown metric '{mid}'"))
    if problems:
        raise MetricsConfigError(problems)
    return Catalog({m.id: m for m in parsed.metrics}, parsed.overview, path)
