"""A KPI answer from fetched numbers: typed results (the `metrics` contract), template rows, citations.

The display strings in the template rows come from assistant.base.units, the formatter the
terminal and the Slack KPI card share.
"""

from __future__ import annotations

from pathlib import Path

from assistant.base.answers import KpiAnswer, MetricResult, MetricWindow
from assistant.base.units import Unit, format_change, format_target, format_value, shown_change
from assistant.knowledge.citations import citation_for
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.people.directory import Directory

from metrics_adapter.catalog import Metric
from metrics_adapter.render import render_kpi, window_ctx
from metrics_adapter.sources import Scope
from metrics_adapter.windows import Window


def compose_result(
    kb: KnowledgeBase | None, directory: Directory, prompts_dir: Path, question: str, language: str,
    layout: str, pairs: list[tuple[Scope, Metric]], period: Window, current: dict, previous: dict,
) -> KpiAnswer:
    """Numbers per (scope, metric) -> typed results for the contract, rows for the template, citations."""
    citations, markers = [], {}

    def cite(entry_id: str | None) -> int | None:
        if not entry_id or kb is None or entry_id not in kb.entries:
            return None  # no citation rather than a wrong one
        if entry_id not in markers:
            markers[entry_id] = len(citations) + 1
            citations.append(citation_for(kb.entries[entry_id], markers[entry_id], language))
        return markers[entry_id]

    w = period.to_json()
    window = MetricWindow(start=w["start"], end=w["end"], timezone=w["timezone"], partial=w["partial"])
    metrics_json: list[MetricResult] = []
    groups: list[dict] = []
    group_of: dict[Scope, dict] = {}
    items: list[dict] = []
    for scope, m in pairs:
        value = current.get((scope, m.id))
        prev = previous.get((scope, m.id))
        target = m.target.for_team(scope.team_id)
        # status "no_target" means exactly that; a metric without a value is left out of `metrics`
        # (the text says "no data"), so the contract's met|missed|no_target never has to lie.
        status = "no_target" if target is None else "no_data" if value is None else (
            "met" if (value >= target if m.direction == "higher" else value <= target) else "missed")
        change = None if value is None or prev is None else value - prev
        shown = shown_change(change, m.unit)
        improved = None if not shown else (shown > 0) == (m.direction == "higher")  # no "(better)" on ±0
        if value is not None:
            metrics_json.append(MetricResult(
                metric=m.id, name=m.name(language), team=scope.team_id, value=_round(value, m),
                unit=Unit(m.unit), window=window, target=target, status=status,
                previous=_round(prev, m), change=_round(change, m), agent=scope.agent_id or None,
            ))
        def_marker = cite(m.kb_entry)
        item_marker = cite(m.copc_item)
        if item_marker is not None and all(i["marker"] != item_marker for i in items):
            e = kb.entries[m.copc_item]
            items.append({"marker": item_marker, "release": e.release or "", "item": e.item or "",
                          "title": e.version(language).title})
        if scope not in group_of:
            team = directory.teams.get(scope.team_id)
            person = directory.person_by_agent(scope.agent_id) if scope.agent_id else None
            group_of[scope] = {"team": team.name if team else scope.team_id,
                               "agent": (person.name if person else scope.agent_id) if scope.agent_id else None,
                               "rows": []}
            groups.append(group_of[scope])
        group_of[scope]["rows"].append({
            "name": m.name(language), "value": format_value(value, m.unit, language),
            "target": format_target(target, m.unit, language), "status": status, "direction": m.direction,
            "previous": format_value(prev, m.unit, language), "change": format_change(change, m.unit, language),
            "improved": improved, "has_value": value is not None, "has_previous": prev is not None,
            "definition": m.definition.es if language == "es" else m.definition.en,
            "marker": def_marker, "item_marker": item_marker,
        })
    prev_w = period.previous()
    text = render_kpi(
        prompts_dir, language, kind="result", layout=layout, groups=groups, items=items,
        window=window_ctx(period), previous_window=window_ctx(prev_w),
        single=len(pairs) == 1,
    )
    return KpiAnswer(question=question, language=language, text=text, citations=citations,
                     metrics=metrics_json, layout=layout, outcome="ok")


def _round(value: float | None, m: Metric) -> float | None:
    if value is None:
        return None
    return round(value, 2 if m.unit == "percent" else 1)
