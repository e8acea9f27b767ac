"""Trend questions ("AHT trend for Phoenix last 8 weeks", "tendencia del nivel de servicio de Halcón")
and `copc kpi chart`: who may see what and the audit row exactly as for a KPI answer, then the
series, the PNG, its alt text and the text table."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from assistant.base.answers import KpiAnswer, KpiChart
from assistant.base.caller import Caller
from assistant.base.messages import message

from metrics_adapter.access import may_see, viewer_for
from metrics_adapter.chart import alt_text, render_png, text_table, title
from metrics_adapter.errors import SourceUnavailable, WindowError
from metrics_adapter.sources import Scope
from metrics_adapter.trend import TrendSeries, fetch_series
from metrics_adapter.understand import KpiRequest
from metrics_adapter.windows import parse_window

if TYPE_CHECKING:
    from metrics_adapter.service import KpiService

log = logging.getLogger(__name__)
DEFAULT_WINDOW = "last 8 weeks"
TREND_WORDS = re.compile(r"\b(trends?|tendencias?|charts?|graph|graf(?:ica|ico)s?|evolu(?:tion|cion)|over time|"
                         r"a lo largo del tiempo|historico|history)\b")


def _request(service: "KpiService", question: str | None, metric: str | None, team: str | None,
             window: str | None) -> KpiRequest:
    today, tz = service.today(), service.timezone
    if question:
        req = service.understanding.parse(question, today, tz)
    else:
        req = KpiRequest()
        m = service.catalog.lookup(metric) if metric else None
        if m is not None:  # an unknown metric leaves `metrics` empty: the answer lists the real ones
            req.metrics = [m.id]
        if team:
            t = service.directory.lookup_team(team)
            if t is None:
                req.unknown_name = team
            else:
                req.teams = [t.id]
        if window:
            try:
                req.window = parse_window(window, today, tz)
            except WindowError as exc:
                req.window_error = str(exc)
    if req.window is None and not req.window_error:
        req.window = parse_window(DEFAULT_WINDOW, today, tz)
    return req


def resolve_series(service: "KpiService", question: str | None, *, language: str, caller: Caller,
                   metric: str | None, team: str | None, window: str | None,
                   surface: str) -> tuple[TrendSeries | None, KpiAnswer | None]:
    """(series, None) when the caller may see it and the source answered, else (None, the answer to
    show instead: refusal, question back, source unavailable). Writes the audit row either way."""
    from metrics_adapter.service import _Refusal  # the service's own refusal signal

    asked = question or " ".join(x for x in ("chart", metric, team and f"--team {team}",
                                             window and f"--window {window}") if x)
    req = _request(service, question, metric, team, window)
    viewer = viewer_for(service.directory, caller)

    def audit(outcome: str, allowed: bool, teams: list[str], agent: str | None = None) -> None:
        service._audit(viewer, "trend", req.metrics, teams, req.window, agent, allowed=allowed,  # noqa: SLF001
                       outcome=outcome, question=asked, surface=surface)

    def plain(kind: str, **ctx) -> KpiAnswer:
        return service._answer(asked, language, kind, **ctx)  # noqa: SLF001

    if viewer.unknown:
        audit("unknown_user", False, req.teams)
        return None, plain("refused")
    try:
        scopes = service._scopes(req, viewer)  # noqa: SLF001
    except _Refusal as r:
        allowed = r.outcome in ("clarify_team", "unknown_team")
        audit("unclear" if allowed else "denied", allowed, req.teams or ["?"])
        if r.outcome == "refused":
            return None, plain("refused")
        return None, plain(r.outcome, teams=r.teams, name=req.unknown_name or "")
    if not req.metrics:
        audit("unclear", True, [s.team_id for s in scopes])
        names = ", ".join(m.name(language) for m in service.catalog.metrics.values())
        return None, KpiAnswer(question=asked, language=language, outcome="which_metric", layout="which_metric",
                               text=message("chart.which_metric", language, metrics=names))
    m = service.catalog.metrics[req.metrics[0]]
    scope = scopes[0]
    if scope.agent_id and "agent" not in m.levels:
        scope = Scope(scope.team_id)
    if not may_see(viewer, scope, service.directory):
        audit("denied", False, [scope.team_id], scope.agent_id)
        return None, plain("refused")
    if req.window_error:
        audit("unclear", True, [scope.team_id], scope.agent_id)
        return None, plain("window_error", error=req.window_error)
    try:
        series = fetch_series(service, m, scope, req.window)
    except SourceUnavailable as exc:
        log.warning("trend not answered: %s", exc)
        audit("unavailable", True, [scope.team_id], scope.agent_id)
        return None, plain("unavailable", window=req.window)
    audit("ok" if series.values else "no_data", True, [scope.team_id], scope.agent_id)
    return series, None


def answer_trend(service: "KpiService", question: str | None, *, language: str, caller: Caller,
                 metric: str | None, team: str | None, window: str | None, surface: str) -> KpiAnswer:
    language = language if language in ("en", "es") else "en"
    series, instead = resolve_series(service, question, language=language, caller=caller, metric=metric, team=team,
                                     window=window, surface=surface)
    if series is None:
        assert instead is not None
        return instead
    m, scope = series.metric, series.scope
    table = text_table(series, language)
    chart_title = title(series, language)
    chart = KpiChart(png=render_png(series, language), filename=f"{m.id}-{scope.team_id}-{series.window.end}.png",
                     title=chart_title, alt_text=alt_text(series, language), table=table, metric=m.id,
                     team=scope.team_id)
    text = message("chart.answer", language, title=chart_title, table=table)
    return KpiAnswer(question=question or f"chart {m.id} --team {scope.team_id}",
                     language=language, text=text, layout="trend", outcome="ok", chart=chart)
