"""KpiService: answer KPI questions (Slack, `copc ask`, `copc kpi`) with live, governed, audited numbers.

    service = KpiService(settings, kb, store)
    service.is_kpi_question("AHT for Phoenix last week", "en")          # cheap: no model, no DB
    service.answer("¿cómo va mi equipo?", language="es", caller=Caller.slack_user("U0AGT00005"))  # -> KpiAnswer

Flow of one request: understand (catalog + directory matching) -> who asks (directory) -> whose
numbers (scopes) -> access check -> fetch current and previous window from the metric's source in
worker threads under one deadline -> compare with targets -> render (prompts/kpi.<lang>.j2) ->
audit row. Any failure of a source becomes "the metrics source is unavailable", never a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import zoneinfo
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable

from assistant.base.answers import KpiAnswer
from assistant.base.caller import Caller

from metrics_adapter.access import Viewer, may_see, viewer_for, visible_teams
from metrics_adapter.audit import write_audit
from metrics_adapter.catalog import Catalog, Metric, load_catalog
from metrics_adapter.checks import check_cross_references
from assistant.people.directory import Directory, load_directory
from metrics_adapter.errors import AuditUnavailable, MetricsConfigError, SourceUnavailable, WindowError
from metrics_adapter.render import render_kpi, window_ctx
from metrics_adapter.result import compose_result
from metrics_adapter.sources import Scope
from metrics_adapter.sources.registry import Routing, load_routing
from metrics_adapter.understand import KpiRequest, Understanding
from metrics_adapter.windows import Window, parse_window

log = logging.getLogger(__name__)
MAX_SCOPES = 8  # one answer compares at most this many teams/agents


@dataclass
class _Plan:
    kind: str  # metric | overview | compare
    pairs: list[tuple[Scope, Metric]]
    window: Window


class _Refusal(Exception):
    def __init__(self, outcome: str, teams: list[str] | None = None):
        self.outcome = outcome
        self.teams = teams or []


class KpiService:
    def __init__(self, settings, kb, store, *, directory: Directory | None = None,
                 clock: Callable[[], dt.datetime] | None = None, vocabulary=None):
        self.settings = settings
        self.kb = kb
        self.store = store
        self.timezone = settings.metrics.timezone
        try:
            self._tz = zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise MetricsConfigError([f"settings metrics.timezone: unknown time zone '{self.timezone}'"]) from None
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.catalog: Catalog = load_catalog(settings.metrics.catalog_path)
        # The composition layer passes the process's one directory; standalone use loads its own.
        self.directory: Directory = directory if directory is not None else load_directory(settings)
        self._check_cross_references()
        self.routing: Routing = load_routing(settings, self.catalog, self.today)
        self.understanding = Understanding(self.catalog, self.directory, kb, vocabulary)
        self._executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="kpi-source")
        self._build_lock = threading.Lock()
        # Audit row ids written during the current request, per thread (Slack answers run in parallel).
        self._audits = threading.local()

    # ------------------------------------------------------------------ setup checks
    def _check_cross_references(self) -> None:
        check_cross_references(self.catalog, self.directory, self.kb, self.timezone)

    def today(self) -> dt.date:
        return self._clock().astimezone(self._tz).date()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.routing.close()

    # ------------------------------------------------------------------ public interface
    def is_kpi_question(self, question: str, language: str) -> bool:  # noqa: ARG002 - both languages always match
        return self.understanding.is_kpi_question(question, self.today())

    def answer(self, question: str, *, language: str, caller: Caller, surface: str = "ask") -> KpiAnswer:
        self._audits.rows = []
        request = self.understanding.parse(question, self.today(), self.timezone)
        return self._audited(self._run(question, request, language, caller, surface))

    def _audited(self, answer: KpiAnswer) -> KpiAnswer:
        """Fail closed: a reply whose audit row could not be written is not shown (numbers always,
        every reply with ``metrics.require_audit: all``); the asker is told to try again instead."""
        rows: list[int | None] = getattr(self._audits, "rows", [])
        shows_numbers = bool(answer.metrics) or answer.outcome == "ok"
        must_audit = shows_numbers or self.settings.metrics.require_audit == "all"
        if rows and all(r is not None for r in rows):
            answer.audit_id = rows[-1]
            return answer
        if not must_audit:
            return answer
        if shows_numbers and not rows:  # a path that shows numbers without auditing is a bug: refuse
            log.error("KPI numbers were about to be shown without an audit row; withheld")
        return self._answer(answer.question, answer.language, "cannot_record")

    def query(self, metric: str | None, *, team: str | None, window: str | None = None, caller: Caller,
              language: str = "en", agent: str | None = None) -> KpiAnswer:
        """Explicit request (the CLI): ids or names for metric, team and agent; window as text."""
        self._audits.rows = []
        question = " ".join(x for x in (metric or "overview", f"--team {team}" if team else "",
                                        f"--agent {agent}" if agent else "", f"--window {window}" if window else "") if x)
        request = KpiRequest()
        if metric:
            m = self.catalog.lookup(metric)
            if m is None:
                return self._message(question, language, "unknown_metric", caller, name=metric,
                                     metrics=sorted(self.catalog.metrics))
            request.metrics = [m.id]
        if team:
            t = self.directory.lookup_team(team)
            if t is None:
                request.unknown_name = team
            else:
                request.teams = [t.id]
        if agent:
            person = self.directory.person(agent) or next(
                (p for p in self.directory.people.values() if p.agent_id == agent), None)
            if person is None or not person.agent_id:
                request.unknown_name = agent
            else:
                request.agents = [person.agent_id]
        if request.teams and request.agents:
            mismatch = self._agent_team_mismatch(question, request, language, caller)
            if mismatch is not None:
                return self._audited(mismatch)
        if window:
            try:
                request.window = parse_window(window, self.today(), self.timezone)
            except WindowError as exc:
                request.window_error = str(exc)
        return self._audited(self._run(question, request, language, caller, "cli"))

    def _agent_team_mismatch(self, question: str, req: KpiRequest, language: str, caller: Caller) -> KpiAnswer | None:
        """`--team X --agent Y` with Y not in X: say so (never quietly answer for Y's own team).
        Only to someone who may see both; anyone else gets the same refusal as any forbidden request."""
        owner = self.directory.person_by_agent(req.agents[0])
        team = req.teams[0]
        if owner is None or team in owner.teams:
            return None
        viewer = viewer_for(self.directory, caller)
        audit = dict(viewer=viewer, question=question, surface="cli", kind="metric", metrics=req.metrics,
                     teams=[team], window=None, agent=req.agents[0])
        entitled = not viewer.unknown and may_see(viewer, Scope(team), self.directory) and all(
            may_see(viewer, Scope(t, req.agents[0]), self.directory) for t in owner.teams[:1])
        if not entitled:
            self._audit(allowed=False, outcome="denied", **audit)
            return self._answer(question, language, "refused")
        self._audit(allowed=True, outcome="unclear", **audit)
        return self._answer(question, language, "agent_not_in_team", name=owner.name,
                            teams=[self.directory.teams[team].name],
                            agent_teams=[self.directory.teams[t].name for t in owner.teams if t in self.directory.teams])

    def numbers(self, metrics: list[str], teams: list[str], *, caller: Caller, window: str, language: str = "en",
                surface: str = "digest") -> KpiAnswer:
        """Several metrics for several teams over one window, with ``caller``'s rights (digests, alerts)."""
        request = KpiRequest(metrics=list(metrics), teams=list(teams))
        try:
            request.window = parse_window(window, self.today(), self.timezone)
        except WindowError as exc:
            request.window_error = str(exc)
        question = f"{surface}: {','.join(metrics)} for {','.join(teams)} ({window})"
        return self._run(question, request, language, caller, surface)

    def visible_team_ids(self, caller: Caller) -> list[str]:
        """Teams ``caller`` may see now (no audit row: a check before a run, not a request for numbers)."""
        viewer = viewer_for(self.directory, caller)
        return [] if viewer.unknown else visible_teams(viewer, self.directory)

    def trend(self, question: str | None = None, *, language: str, caller: Caller, metric: str | None = None,
              team: str | None = None, window: str | None = None, surface: str = "ask") -> KpiAnswer:
        """A trend chart (KpiAnswer.chart) with its text table, from a question or explicit ids."""
        from metrics_adapter.trend_answer import answer_trend

        return answer_trend(self, question, language=language, caller=caller, metric=metric, team=team,
                            window=window, surface=surface)

    def series(self, *, metric: str, team: str, window: str, caller: Caller, surface: str = "alert"):
        """(TrendSeries, None) or (None, the KpiAnswer to show instead), with ``caller``'s rights."""
        from metrics_adapter.trend_answer import resolve_series

        return resolve_series(self, None, language="en", caller=caller, metric=metric, team=team, window=window,
                              surface=surface)

    def teams_for(self, caller: Caller) -> list[dict[str, str]]:
        """Teams the caller may see, as {id, name} (nothing for people outside the directory)."""
        viewer = viewer_for(self.directory, caller)
        allowed = [] if viewer.unknown else visible_teams(viewer, self.directory)
        self._audits.rows = []
        self._audit(viewer, "teams", [], allowed, None, None, allowed=bool(allowed) or viewer.is_operator,
                    outcome="ok" if (allowed or viewer.is_operator) else "unknown_user", question="teams", surface="cli")
        if None in self._audits.rows:
            raise AuditUnavailable("cannot record this request in the audit log right now; try again")
        return [{"id": t, "name": self.directory.teams[t].name} for t in allowed]

    def metrics_list(self) -> list[dict[str, Any]]:
        out = []
        for m in self.catalog.metrics.values():
            out.append({
                "id": m.id, "name": m.en.name, "name_es": m.es.name, "aliases": m.en.aliases + m.es.aliases,
                "unit": m.unit, "direction": m.direction, "target": m.target.default,
                "target_overrides": dict(m.target.teams), "default_window": m.default_window, "levels": list(m.levels),
                "kb_entry": m.kb_entry, "copc_item": m.copc_item, "source": self.routing.routes[m.id],
                "definition": {"en": m.definition.en, "es": m.definition.es},
            })
        return out

    # ------------------------------------------------------------------ one request
    def _run(self, question: str, req: KpiRequest, language: str, caller: Caller, surface: str) -> KpiAnswer:
        language = language if language in ("en", "es") else "en"
        viewer = viewer_for(self.directory, caller)
        audit = dict(viewer=viewer, question=question, surface=surface)
        if viewer.unknown:
            self._audit(kind="metric" if req.metrics else "overview", metrics=req.metrics, teams=req.teams,
                        window=req.window, agent=None, allowed=False, outcome="unknown_user", **audit)
            return self._answer(question, language, "refused")
        try:
            scopes = self._scopes(req, viewer)
        except _Refusal as r:
            allowed = r.outcome in ("clarify_team", "unknown_team")
            self._audit(kind="metric" if req.metrics else "overview", metrics=req.metrics, teams=req.teams or ["?"],
                        window=req.window, agent=None, allowed=allowed,
                        outcome="denied" if not allowed else "unclear", **audit)
            if r.outcome == "refused":
                return self._answer(question, language, "refused")
            return self._answer(question, language, r.outcome, teams=r.teams, name=req.unknown_name or "")
        plan = self._plan(req, scopes)
        teams = sorted({s.team_id for s, _ in plan.pairs})
        agent = next((s.agent_id for s, _ in plan.pairs if s.agent_id), None)
        metric_ids = list(dict.fromkeys(m.id for _, m in plan.pairs))
        # Access first: a forbidden team must look exactly like an unknown one, whatever else is wrong.
        if not all(may_see(viewer, s, self.directory) for s, _ in plan.pairs):
            self._audit(kind=plan.kind, metrics=metric_ids, teams=teams, window=plan.window, agent=agent,
                        allowed=False, outcome="denied", **audit)
            return self._answer(question, language, "refused")
        if req.window_error:
            self._audit(kind=plan.kind, metrics=metric_ids, teams=teams, window=None, agent=agent,
                        allowed=True, outcome="unclear", **audit)
            return self._answer(question, language, "window_error", error=req.window_error)
        try:
            current, previous = self._fetch(plan)
        except SourceUnavailable as exc:
            log.warning("KPI request not answered: %s", exc)
            self._audit(kind=plan.kind, metrics=metric_ids, teams=teams, window=plan.window, agent=agent,
                        allowed=True, outcome="unavailable", **audit)
            return self._answer(question, language, "unavailable", window=plan.window)
        answer = self._result(question, language, plan, current, previous)
        outcome = "ok" if any(m.value is not None for m in answer.metrics) else "no_data"
        self._audit(kind=plan.kind, metrics=metric_ids, teams=teams, window=plan.window, agent=agent,
                    allowed=True, outcome=outcome, **audit)
        return answer

    def _scopes(self, req: KpiRequest, viewer: Viewer) -> list[Scope]:
        person = viewer.person
        if req.unknown_name:
            # Users learn nothing about which teams exist; the operator and managers (who may see
            # every team anyway) are told the name is unknown, with the list.
            if viewer.is_operator or (person is not None and person.role == "manager"):
                raise _Refusal("unknown_team", [t.name for t in self.directory.teams.values()])
            raise _Refusal("refused")
        if req.agents:
            scopes = []
            for aid in req.agents:
                owner = self.directory.person_by_agent(aid)
                scopes.append(Scope(owner.teams[0], aid) if owner and owner.teams else Scope("?", aid))
            return scopes[:MAX_SCOPES]
        if req.teams:
            return [Scope(t) for t in req.teams[:MAX_SCOPES]]
        if req.all_teams:
            teams = visible_teams(viewer, self.directory)
            if not teams:
                raise _Refusal("refused")
            return [Scope(t) for t in teams[:MAX_SCOPES]]
        if person is None:  # local operator without a team in the question
            raise _Refusal("clarify_team", [t.name for t in self.directory.teams.values()])
        if req.self_ref and not req.my_team and person.role == "agent" and person.agent_id:
            return [Scope(person.teams[0], person.agent_id)]
        if person.teams:
            return [Scope(t) for t in person.teams[:MAX_SCOPES]]
        # A manager with no team of their own must say which team.
        raise _Refusal("clarify_team", [self.directory.teams[t].name for t in visible_teams(viewer, self.directory)])

    def _plan(self, req: KpiRequest, scopes: list[Scope]) -> _Plan:
        ids = req.metrics or list(self.catalog.overview.metrics)
        metrics = [self.catalog.metrics[i] for i in ids]
        pairs: list[tuple[Scope, Metric]] = []
        for scope in scopes:
            for m in metrics:
                if scope.agent_id and "agent" not in m.levels:
                    if not req.metrics:
                        continue  # an individual overview shows individual metrics only
                    pair = (Scope(scope.team_id), m)  # "my service level": a team-only metric
                else:
                    pair = (scope, m)
                if pair not in pairs:
                    pairs.append(pair)
        if req.window is not None:
            window = req.window
        elif len(metrics) == 1:
            window = parse_window(metrics[0].default_window, self.today(), self.timezone)
        else:
            window = parse_window(self.catalog.overview.default_window, self.today(), self.timezone)
        n_scopes = len({s for s, _ in pairs})
        kind = "compare" if n_scopes > 1 else ("metric" if req.metrics else "overview")
        return _Plan(kind, pairs, window)

    # ------------------------------------------------------------------ fetching
    def _fetch(self, plan: _Plan) -> tuple[dict, dict]:
        """Current and previous values for every (scope, metric), all under one deadline."""
        by_task: dict[tuple[str, Scope], list[Metric]] = {}
        for scope, m in plan.pairs:
            by_task.setdefault((self.routing.routes[m.id], scope), []).append(m)
        with self._build_lock:
            # Building a source may create the demo database (first use): not counted in the deadline.
            sources = {name: self.routing.source(name) for name, _ in by_task}
        deadline = time.monotonic() + self.settings.metrics.timeout_seconds
        futures: dict[Future, tuple[str, Scope, str]] = {}
        for (name, scope), metrics in by_task.items():
            for which, window in (("current", plan.window), ("previous", plan.window.previous())):
                f = self._executor.submit(sources[name].fetch, metrics, scope, window, deadline)
                futures[f] = (name, scope, which)
        done, pending = wait(futures, timeout=max(deadline - time.monotonic(), 0))
        for f in pending:
            f.cancel()
        if pending:
            raise SourceUnavailable(futures[next(iter(pending))][0], f"no answer within {self.settings.metrics.timeout_seconds:g} s")
        results: dict[str, dict] = {"current": {}, "previous": {}}
        for f in done:
            name, scope, which = futures[f]
            try:
                values = f.result()
            except SourceUnavailable:
                raise
            except Exception as exc:  # noqa: BLE001 - any backend bug is an unavailable source to the user
                # Expected failures are SourceUnavailable above; this is a bug: one line, traceback at DEBUG.
                log.error("metrics source %s failed: %s: %s", name, type(exc).__name__, str(exc)[:200],
                          exc_info=log.isEnabledFor(logging.DEBUG))
                raise SourceUnavailable(name, type(exc).__name__) from None
            for mid, v in values.items():
                results[which][(scope, mid)] = v
        return results["current"], results["previous"]

    # ------------------------------------------------------------------ composing
    def _result(self, question: str, language: str, plan: _Plan, current: dict, previous: dict) -> KpiAnswer:
        return compose_result(self.kb, self.directory, self.settings.prompts_dir, question, language,
                              plan.kind, plan.pairs, plan.window, current, previous)

    def _answer(self, question: str, language: str, kind: str, **ctx: Any) -> KpiAnswer:
        """Refusals, unavailable source, questions back: no numbers, no citations."""
        ctx.setdefault("teams", [])
        ctx.setdefault("name", "")
        ctx.setdefault("error", "")
        ctx["window"] = window_ctx(ctx["window"]) if ctx.get("window") else None
        text = render_kpi(self.settings.prompts_dir, language, kind=kind, **ctx)
        return KpiAnswer(question=question, language=language, text=text, layout=kind, outcome=kind)

    def _message(self, question, language, kind, caller: Caller, **ctx) -> KpiAnswer:
        viewer = viewer_for(self.directory, caller)
        if viewer.unknown:
            self._audit(viewer=viewer, kind="metric", metrics=[], teams=[], window=None, agent=None, allowed=False,
                        outcome="unknown_user", question=question, surface="cli")
            return self._answer(question, language, "refused")
        return self._answer(question, language, kind, **ctx)

    def _audit(self, viewer: Viewer, kind: str, metrics: list[str], teams: list[str], window: Window | None,
               agent: str | None, *, allowed: bool, outcome: str, question: str, surface: str) -> None:
        row = write_audit(
            self.store, user_id=viewer.label, role=viewer.person.role if viewer.person else None, surface=surface,
            kind=kind, metrics=",".join(metrics)[:400], teams=",".join(teams)[:400] or "-", agent_id=agent,
            window_start=window.start if window else None, window_end=window.end if window else None,
            timezone=self.timezone, allowed=allowed, outcome=outcome, question=question,
        )
        if not hasattr(self._audits, "rows"):
            self._audits.rows = []
        self._audits.rows.append(row)
