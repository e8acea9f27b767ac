"""Start-up checks across the governed files: catalog targets name real teams, default windows
parse, and the knowledge entries a KPI cites exist. Mistakes stop the program at start, naming
the file and field, instead of failing in the middle of a question."""

from __future__ import annotations

import datetime as dt
import logging

from metrics_adapter.errors import MetricsConfigError, WindowError
from metrics_adapter.windows import parse_window

log = logging.getLogger("metrics_adapter.service")  # where operators have always seen these lines

# Any fixed day: only whether the window phrase parses matters here.
_PROBE_DAY = dt.date(2026, 6, 15)


def check_cross_references(catalog, directory, kb, timezone: str) -> None:
    problems = []
    name = catalog.path.name
    for m in catalog.metrics.values():
        for team in m.target.teams:
            if team not in directory.teams:
                problems.append(f"{name}: field 'metrics.{m.id}.target.teams.{team}': unknown team "
                                f"(not in {directory.source})")
        try:
            parse_window(m.default_window, _PROBE_DAY, timezone)
        except WindowError as exc:
            problems.append(f"{name}: field 'metrics.{m.id}.default_window': {exc}")
    try:
        parse_window(catalog.overview.default_window, _PROBE_DAY, timezone)
    except WindowError as exc:
        problems.append(f"{name}: field 'overview.default_window': {exc}")
    if problems:
        raise MetricsConfigError(problems)
    if kb is not None:
        missing = sorted({e for m in catalog.metrics.values() for e in (m.kb_entry, m.copc_item)
                          if e and e not in kb.entries})
        if missing:
            log.warning("KPI answers will not cite these missing knowledge entries: %s", ", ".join(missing))
