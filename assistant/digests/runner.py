"""Run every digest and alert that is due, each (subscription, period) exactly once.

    runner = DigestRunner(kpi, store, poster, settings.digests)
    report = runner.run_due()            # from the scheduler in `copc serve`, or `copc digest run-due`

Exactly once: each subscription's period is claimed in the run ledger (assistant.scheduling) before
anything is posted, so replicas, a cron job and the in-process scheduler can all call ``run_due`` at
once. The message carries its run key (Slack message metadata); a run taken over after a crash
mid-post first asks the poster whether that key is already in the channel.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import zoneinfo
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Protocol

from assistant.base.answers import KpiChart
from assistant.base.caller import Caller
from assistant.base.messages import message
from assistant.base.store import Store
from assistant.scheduling import Due, Ledger, Run, Schedule
from sqlalchemy import select

from assistant.digests.alerts import alert_text, evaluate
from assistant.digests.build import build_digest
from assistant.digests.subscriptions import Follow, Subscriptions, WatchState, load_file_digests

log = logging.getLogger(__name__)


class TargetGone(Exception):
    """The channel was deleted / the bot removed, or the person left: the subscription cannot post."""

    def __init__(self, reason: str):  # channel | user
        super().__init__(reason)
        self.reason = reason


class Poster(Protocol):
    def post(self, target: str, text: str, *, key: str, chart: KpiChart | None = None) -> None:
        """Post ``text`` (and the chart in its thread) to a channel id or, for a user id, their DM.
        Raises TargetGone when the target no longer exists."""

    def was_posted(self, target: str, key: str) -> bool:
        """Whether a message with this run key is already there (after a crash mid-post)."""

    def notify(self, user: str, text: str) -> None:
        """A direct message to a person (a subscription's owner)."""


@dataclass
class RunReport:
    due: int = 0
    posted: int = 0
    late: int = 0
    retried: int = 0
    disabled: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    outcomes: dict[str, str] = field(default_factory=dict)  # job/period -> outcome


class DigestRunner:
    def __init__(self, kpi, store: Store, poster: Poster, settings, *, ledger: Ledger | None = None,
                 clock: Callable[[], dt.datetime] | None = None):
        self.kpi = kpi
        self.store = store
        self.poster = poster
        self.settings = settings
        self.subscriptions = Subscriptions(store)
        self.ledger = ledger or Ledger(store, lease_seconds=settings.lease_seconds)
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))

    # ------------------------------------------------------------------ the loop
    def follows(self) -> list[Follow]:
        return self.subscriptions.active() + load_file_digests(self.settings.digests_path, self.kpi.timezone)

    def run_due(self, now: dt.datetime | None = None) -> RunReport:
        started = time.perf_counter()
        now = now or self._clock()
        report = RunReport()
        grace = dt.timedelta(minutes=self.settings.grace_minutes)
        jobs: list[tuple[Follow, Due]] = []
        for f in self.follows():
            due = Schedule(f.cadence, f.at, f.timezone, f.weekday).due(now, grace=grace, not_before=f.created_at)
            if due is not None:
                jobs.append((f, due))
        # One worker per target at a time, paced: Slack takes about one message a second per channel,
        # so ten digests for one channel go one after another instead of ten at once into 429s.
        by_target: dict[str, list[tuple[Follow, Due]]] = {}
        for job in jobs:
            by_target.setdefault(job[0].target, []).append(job)
        with ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="digest") as pool:
            for results in pool.map(lambda group: self._run_target(group, now), by_target.values()):
                for f, due, outcome in results:
                    if outcome is None:
                        continue  # another process has (or had) this period
                    report.due += 1
                    report.outcomes[f"{f.key}/{due.period}"] = outcome
                    setattr(report, outcome, getattr(report, outcome) + 1)
                    report.late += int(due.late and outcome == "posted")
        report.seconds = time.perf_counter() - started
        return report

    def _run_target(self, group: list[tuple[Follow, Due]], now: dt.datetime) -> list[tuple[Follow, Due, str | None]]:
        out, last_post = [], None
        for f, due in group:
            if last_post is not None:
                time.sleep(max(0.0, self.settings.post_interval_seconds - (time.monotonic() - last_post)))
            outcome = self._claim_and_run(f, due, now)
            if outcome is not None:
                last_post = time.monotonic()
            out.append((f, due, outcome))
        return out

    def _claim_and_run(self, f: Follow, due: Due, now: dt.datetime) -> str | None:
        run = self.ledger.claim(f.key, due.period, late=due.late, now=now)
        if run is None:
            return None
        try:
            outcome, detail = self._run(f, due, run, now)
        except TargetGone as gone:
            self._disable(f, gone.reason)
            self.ledger.finish(run, "skipped", detail=f"target gone: {gone.reason}")
            return "disabled"
        except Exception as exc:  # noqa: BLE001 - one broken subscription must not stop the others
            log.exception("%s %s failed", f.key, due.period)
            return self._retry(run, now, f"{type(exc).__name__}: {str(exc)[:200]}")
        if outcome == "retried":
            return self._retry(run, now, detail)
        self.ledger.finish(run, "done" if outcome == "posted" else "skipped", detail=detail)
        return outcome

    def _retry(self, run: Run, now: dt.datetime, detail: str) -> str:
        if run.attempt >= self.settings.max_attempts:
            self.ledger.finish(run, "failed", detail=detail)
            return "failed"
        self.ledger.retry_later(run, now + dt.timedelta(minutes=self.settings.retry_minutes), detail=detail)
        return "retried"

    def _disable(self, f: Follow, reason: str) -> None:
        log.warning("disabling %s: %s gone", f.key, reason)
        if f.row_id is None or not self.subscriptions.disable(f.row_id, f"{reason} gone"):
            return
        if reason == "user" and f.target == f.owner:
            return  # the owner is the one who left: nobody to tell
        what = message("digest.what_alert" if f.kind == "alert" else "digest.what_digest", f.language)
        why = message({"channel": "digest.reason_channel_gone", "access": "digest.reason_no_access"}.get(
            reason, "digest.reason_user_gone"), f.language)
        target = f"<#{f.target}>" if f.is_channel else f"<@{f.target}>"
        try:
            self.poster.notify(f.owner, message("digest.disabled", f.language, what=what, target=target, reason=why))
        except Exception:  # noqa: BLE001 - telling the owner is best effort; the log has it
            log.exception("could not tell %s that %s was disabled", f.owner, f.key)

    # ------------------------------------------------------------------ one run
    def _post_once(self, f: Follow, run: Run, key: str, text: str, chart: KpiChart | None = None) -> None:
        if run.stage == f"posting:{key}" and self.poster.was_posted(f.target, key):
            return  # the previous holder posted it and died before writing it down
        self.ledger.note(run, stage=f"posting:{key}")
        self.poster.post(f.target, text, key=key, chart=chart)
        self.ledger.note(run, stage=f"posted:{key}")

    def _run(self, f: Follow, due: Due, run: Run, now: dt.datetime) -> tuple[str, str]:
        if self.kpi.directory.person(f.owner) is None:
            raise TargetGone("access")  # no longer in the directory: no rights, the subscription stops
        caller = Caller.service(f.kind, on_behalf_of=f.owner)
        visible = set(self.kpi.visible_team_ids(caller))
        teams = [t for t in f.teams if t in visible]
        key = f"{f.key}/{due.period}"
        if f.kind == "alert":
            return self._alert(f, run, caller, teams, key, due)
        title = message("digest.title_weekly" if f.cadence == "weekly" else "digest.title_daily", f.language,
                        period=due.period)
        if not teams:
            # Still asked with the full list: the refusal is what the audit log must show.
            self.kpi.numbers(list(f.metrics), list(f.teams), caller=caller, window="yesterday",
                             language=f.language, surface="digest")
            text = f"*{title}*\n" + message("digest.no_numbers", f.language,
                                            reason=message("digest.nothing_visible", f.language))
            self._post_once(f, run, key, text)
            return "posted", "nothing visible"
        window = "last week" if f.cadence == "weekly" else "yesterday"
        answer = self.kpi.numbers(list(f.metrics), teams, caller=caller, window=window, language=f.language,
                                  surface="digest")
        if answer.outcome == "unavailable":
            notice_key = f"{key}/unavailable"
            if not run.stage.startswith(("posted:" + notice_key, "notice")):
                self._post_once(f, run, notice_key, message("digest.unavailable", f.language, title=title))
                self.ledger.note(run, stage="notice")
            return "retried", "metrics source unavailable"
        notes = []
        if due.late:
            local_due = due.due_at.astimezone(zoneinfo.ZoneInfo(f.timezone))
            notes.append(message("digest.late", f.language, due=local_due.strftime("%Y-%m-%d %H:%M")))
        if f.is_channel:
            notes.append(message("digest.rights", f.language, owner=f.owner))
        streaks = self._streaks(f, due.period, answer.metrics)
        names = {t: self.kpi.directory.teams[t].name for t in teams if t in self.kpi.directory.teams}
        directions = {m: self.kpi.catalog.metrics[m].direction for m in f.metrics if m in self.kpi.catalog.metrics}
        digest = build_digest(answer, title=title, language=f.language, team_names=names, directions=directions,
                              streaks=streaks, notes=notes, weekly=f.cadence == "weekly")
        if not answer.metrics:
            digest.text = f"*{title}*\n" + answer.text
        chart = None
        if f.chart and answer.metrics:
            first = answer.metrics[0]
            trend = self.kpi.trend(None, language=f.language, caller=caller, metric=first.metric, team=first.team,
                                   window="last 8 weeks" if f.cadence == "weekly" else "last 14 days", surface="digest")
            chart = trend.chart
        self._post_once(f, run, key, digest.text, chart)
        return "posted", f"{len(answer.metrics)} numbers"

    def _alert(self, f: Follow, run: Run, caller: Caller, teams: list[str], key: str, due: Due) -> tuple[str, str]:
        if not teams:
            self.kpi.numbers(list(f.metrics), list(f.teams), caller=caller, window="yesterday",
                             language=f.language, surface="alert")  # the refusal goes to the audit log
            return "skipped", "nothing visible"
        posted, unavailable = 0, 0
        for metric in f.metrics:
            for team in teams:
                check = evaluate(self.kpi, metric=metric, team=team, rule=f.rule or "", rule_value=f.rule_value or 0,
                                 caller=caller, language=f.language)
                if check.firing is None:
                    unavailable += check.outcome == "unavailable"
                    continue
                was = self._state(f.key, metric, team, due.period, int(check.firing))
                if bool(was) == check.firing:
                    continue  # no crossing: nothing to say
                name = self.kpi.directory.teams[team].name if team in self.kpi.directory.teams else team
                text = alert_text(check, team_name=name, language=f.language, recovered=not check.firing)
                self._post_once(f, run, f"{key}/{metric}/{team}", text)
                posted += 1
        if unavailable:
            return "retried", "metrics source unavailable"
        return ("posted" if posted else "skipped"), f"{posted} crossings"

    # ------------------------------------------------------------------ state (idempotent per period)
    def _state(self, key: str, metric: str, team: str, period: str, value: int, status: str = "") -> int:
        """Store ``value`` for ``period``; return the value before it (re-applying a period is harmless)."""
        with self.store.session() as s:
            row = s.execute(select(WatchState).where(WatchState.key == key, WatchState.metric == metric,
                                                     WatchState.team == team).with_for_update()).scalar_one_or_none()
            if row is None:
                s.add(WatchState(key=key, metric=metric, team=team, period=period, value=value, before=0,
                                 status=status, status_before=""))
                return 0
            if row.period != period:
                row.before, row.status_before, row.period = row.value, row.status, period
            row.value, row.status = value, status
            return row.before

    def _streaks(self, f: Follow, period: str, metrics) -> dict[tuple[str, str], int]:
        """Missed-target streaks per (metric, team), this period included: one read and one write
        for the whole digest (60 numbers must not cost 120 transactions)."""
        out: dict[tuple[str, str], int] = {}
        with self.store.session() as s:
            rows = {(r.metric, r.team): r for r in s.execute(
                select(WatchState).where(WatchState.key == f.key).with_for_update()).scalars()}
            for m in metrics:
                row = rows.get((m.metric, m.team))
                base = 0 if row is None else (row.before if row.period == period else row.value)
                streak = base + 1 if m.status == "missed" else 0
                out[(m.metric, m.team)] = streak
                if row is None:
                    s.add(WatchState(key=f.key, metric=m.metric, team=m.team, period=period, value=streak,
                                     before=0, status=m.status, status_before=""))
                    continue
                if row.period != period:  # re-applying the same period (a takeover) starts from ``before``
                    row.before, row.status_before, row.period = row.value, row.status, period
                row.value, row.status = streak, m.status
        return out
