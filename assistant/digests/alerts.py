"""Alert rules, one per metric and team: is the condition true now? (Posting once per crossing is the
runner's job, from the stored state.)

  missed_days N   the target was missed on each of the last N complete days
  change X        yesterday moved by X or more (points for percentages, seconds for times) vs the day before
  above T / below T   yesterday's value beyond a threshold
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.base.caller import Caller
from assistant.base.units import format_change, format_target, format_value

RULES = ("missed_days", "change", "above", "below")


@dataclass(frozen=True)
class Check:
    firing: bool | None  # None: no answer (source down, refused, no data)
    value: float | None
    target: float | None
    unit: str
    metric_name: str
    outcome: str  # ok | unavailable | refused | no_data
    condition: dict  # message parameters for the alert text


def evaluate(kpi, *, metric: str, team: str, rule: str, rule_value: float, caller: Caller, language: str) -> Check:
    m = kpi.catalog.metrics[metric]
    unit = str(m.unit)
    name = m.name(language)
    if rule == "missed_days":
        n = max(1, int(rule_value))
        series, instead = kpi.series(metric=metric, team=team, window=f"last {n} days", caller=caller, surface="alert")
        if series is None:
            return Check(None, None, None, unit, name, instead.outcome if instead else "refused", {})
        vals = [p.value for p in series.points]
        target = series.target
        if target is None or not vals or any(v is None for v in vals):
            return Check(None, vals[-1] if vals else None, target, unit, name, "no_data", {})
        missed = [(v < target) if m.direction == "higher" else (v > target) for v in vals]
        return Check(all(missed), vals[-1], target, unit, name, "ok", {"key": "alert.missed_days", "n": n})
    answer = kpi.numbers([metric], [team], caller=caller, window="yesterday", language=language, surface="alert")
    result = next((r for r in answer.metrics if r.metric == metric), None)
    if result is None:
        return Check(None, None, None, unit, name, answer.outcome if answer.outcome != "ok" else "no_data", {})
    if rule == "change":
        if result.change is None:
            return Check(None, result.value, result.target, unit, name, "no_data", {})
        return Check(abs(result.change) >= rule_value, result.value, result.target, unit, name, "ok",
                     {"key": "alert.change", "change": format_change(result.change, unit, language, "compact"),
                      "limit": format_change(rule_value, unit, language, "compact").lstrip("+")})
    firing = result.value > rule_value if rule == "above" else result.value < rule_value
    return Check(firing, result.value, result.target, unit, name, "ok",
                 {"key": {"above": "alert.above", "below": "alert.below"}[rule], "threshold": format_target(rule_value, unit, language, "compact")})


def alert_text(check: Check, *, team_name: str, language: str, recovered: bool) -> str:
    from assistant.base.messages import message

    params = {k: v for k, v in check.condition.items() if k != "key"}
    condition = message(check.condition["key"], language, **params)
    return message("alert.recovered" if recovered else "alert.fired", language, metric=check.metric_name,
                   team=team_name, condition=condition,
                   value=format_value(check.value, check.unit, language, "compact"),
                   target=format_target(check.target, check.unit, language, "compact"))
