"""Helpers of ``KpiService`` (metrics_adapter/service.py) that need none of its state: the
catalog-against-directory check run at start-up, the plan of one request, the refusal signal, and
the rounding and window context handed to the KPI template."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from assistant.people.directory import Directory
from metrics_adapter.catalog import Catalog, Metric
from metrics_adapter.errors import MetricsConfigError, WindowError
from metrics_adapter.sources import Scope
from metrics_adapter.windows import Window, parse_window

log = logging.getLogger("metrics_adapter.service")  # the service's logger: same log lines as before


@dataclass
class Plan:
    kind: str  # metric | overview | compare
    pairs: list[tuple[Scope, Metric]]
    window: Window


class Refusal(Exception):
    def __init__(self, outcome: str, teams: list[str] | None = None):
        self.outcome = outcome
        self.teams = teams or []


def check_cross_references(catalog: Catalog, directory: Directory, kb: Any, timezone: str) -> None:
    """Teams in targets exist in the directory and default windows parse (MetricsConfigError otherwise);
    knowledge entries a metric cites but the knowledge base lacks are logged."""
    problems = []
    name = catalog.path.name
    for m in catalog.metrics.values():
        for team in m.target.teams:
            if team not in directory.teams:
                problems.append(f"{name}: field 'metrics.{m.id}.target.teams.{team}': unknown team "
                                f"(not in {directory.source})")
        try:
            parse_window(m.default_window, dt.date(2026, 6, 15), timezone)
        except WindowError as exc:
            problems.append(f"{name}: field 'metrics.{m.id}.default_window': {exc}")
    try:
        parse_window(catalog.overview.default_window, dt.date(2026, 6, 15), timezone)
    except WindowError as exc:
        problems.append(f"{name}: field 'overview.default_window': {exc}")
    if problems:
        raise MetricsConfigError(problems)
    if kb is not None:
        missing = sorted({e for m in catalog.metrics.values() for e in (m.kb_entry, m.copc_item)
                          if e and e not in kb.entries})
        if missing:
            log.warning("KPI answers will not cite these missing knowledge entries: %s", ", ".join(missing))


def round_value(value: float | None, m: Metric) -> float | None:
    if value is None:
        return None
    return round(value, 2 if m.unit == "percent" else 1)


def window_context(w: Window) -> dict[str, Any]:
    return {"key": w.key, "start": w.start.isoformat(), "end": w.end.isoformat(), "timezone": w.timezone,
            "partial": w.partial, "days": w.days, "single_day": w.start == w.end,
            "compared": w.compare_to is not None}
