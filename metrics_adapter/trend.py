"""A metric's trend for one team or agent: daily or weekly points over a window, fetched from its source.

    series = fetch_series(service, metric, scope, window)   # -> TrendSeries (points, target, direction)

Windows up to 31 days give daily points; longer ones give one point per ISO week (Monday–Sunday),
as many weeks as the window spans, ending with the week of its last day. A point whose period is
not over yet (today, or a week that ends after the window) is ``partial``
and the chart and table mark it. Every point is computed by the source exactly like a KPI card
(SUM(numerator) / SUM(denominator) over the point's days), so the last weekly point of "last 8
weeks" matches `copc kpi METRIC --window` for those days.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import wait
from dataclasses import dataclass
from typing import TYPE_CHECKING

from metrics_adapter.catalog import Metric
from metrics_adapter.errors import SourceUnavailable
from metrics_adapter.sources import Scope
from metrics_adapter.windows import Window

if TYPE_CHECKING:
    from metrics_adapter.service import KpiService

DAILY_MAX_DAYS = 31
MAX_POINTS = 60


@dataclass(frozen=True)
class TrendPoint:
    start: dt.date
    end: dt.date
    value: float | None
    partial: bool


@dataclass(frozen=True)
class TrendSeries:
    metric: Metric
    scope: Scope
    team_name: str
    granularity: str  # day | week
    window: Window
    target: float | None
    points: list[TrendPoint]

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points if p.value is not None]


def buckets(window: Window) -> tuple[str, list[tuple[dt.date, dt.date, bool]]]:
    """(granularity, [(start, end, partial)]) covering ``window``."""
    if window.days <= DAILY_MAX_DAYS:
        days = [window.start + dt.timedelta(days=i) for i in range(window.days)]
        return "day", [(d, d, d >= window.today) for d in days]
    # Whole ISO weeks, as many as the window spans, ending with the week that holds its last day:
    # "last 8 weeks" is 8 points, the last one this week so far (partial) unless the window ends on a Sunday.
    weeks = min(-(-window.days // 7), MAX_POINTS)
    last_monday = window.end - dt.timedelta(days=window.end.weekday())
    out = []
    for i in range(weeks - 1, -1, -1):
        monday = last_monday - dt.timedelta(days=7 * i)
        sunday = monday + dt.timedelta(days=6)
        out.append((monday, min(sunday, window.end), sunday > window.end or sunday >= window.today))
    return "week", out[-MAX_POINTS:]


def fetch_series(service: "KpiService", metric: Metric, scope: Scope, window: Window) -> TrendSeries:
    """All points of the series from the metric's source, in parallel under one deadline.
    Raises SourceUnavailable like a KPI answer would."""
    granularity, spans = buckets(window)
    name = service.routing.routes[metric.id]
    with service._build_lock:  # noqa: SLF001 - same lock as a KPI answer: first use may build the demo DB
        source = service.routing.source(name)
    deadline = time.monotonic() + service.settings.metrics.timeout_seconds
    futures = []
    for start, end, _partial in spans:
        part = Window(start, end, "range", window.today, window.timezone)
        futures.append(service._executor.submit(source.fetch, [metric], scope, part, deadline))  # noqa: SLF001
    done, pending = wait(futures, timeout=max(deadline - time.monotonic(), 0))
    for f in pending:
        f.cancel()
    if pending:
        raise SourceUnavailable(name, "no answer within the deadline")
    points = []
    for (start, end, partial), f in zip(spans, futures):
        try:
            values = f.result()
        except SourceUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - a backend bug is an unavailable source to the user
            raise SourceUnavailable(name, type(exc).__name__) from None
        points.append(TrendPoint(start, end, values.get(metric.id), partial))
    team = service.directory.teams.get(scope.team_id)
    return TrendSeries(metric, scope, team.name if team else scope.team_id, granularity, window,
                       metric.target.for_team(scope.team_id), points)
