"""Metric sources: where raw numbers come from (SQL through SQLAlchemy, HTTP JSON platform APIs).

Every source answers ``fetch(metrics, scope, window, deadline)`` with one value per metric id
(None = no data in the window). Values are already in the catalog's unit (percent or seconds).
"""

from metrics_adapter.sources.base import MetricSource, Scope, ratio_value

__all__ = ["MetricSource", "Scope", "ratio_value"]
