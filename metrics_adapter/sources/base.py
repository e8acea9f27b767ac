"""The source interface shared by every backend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from metrics_adapter.catalog import Metric
from metrics_adapter.windows import Window


@dataclass(frozen=True)
class Scope:
    """Whose numbers: a team, or one agent of that team."""

    team_id: str
    agent_id: str | None = None


class MetricSource(Protocol):
    name: str
    kind: str

    def fetch(self, metrics: list[Metric], scope: Scope, window: Window, deadline: float) -> dict[str, float | None]:
        """Values for ``metrics`` over ``window``; must give up by ``deadline`` (time.monotonic())."""
        ...

    def close(self) -> None: ...


def ratio_value(metric: Metric, numerator: float | None, denominator: float | None, *, complement: bool) -> float | None:
    """SUM(numerator) / SUM(denominator) in the metric's unit; None when there is nothing to divide by."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    ratio = float(numerator) / float(denominator)
    if complement:
        ratio = 1.0 - ratio
    return ratio * metric.scale
