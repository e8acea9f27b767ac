"""Owners' work that talks to Slack: the gaps report on request (/copc report, owners only), the
weekly gaps post, the monthly review reminders, and the JOBS spec for the scheduler.

The periodic functions take the process's ``Services`` and a period key ("2026-W49",
"2026-12", "2026-12-02") and do the work once; running them exactly once across replicas is the
scheduler's job (its run ledger keyed by (job, period)), not theirs.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Callable

from slack_sdk import WebClient

from assistant.base.messages import message
from assistant.composition.owners import due_by_person, gaps_report, utc_now
from assistant.composition.services import Services
from assistant.feedback.chart import weekly_chart_png
from assistant.feedback.report_render import render
from assistant.feedback.retention import purge_expired
from bot import formatting

log = logging.getLogger(__name__)
REPORT_WORDS = ("report", "informe", "reporte")
MAX_SECTIONS = 40  # blocks of report text in one message (Slack allows 50)


def is_report_request(text: str) -> bool:
    return text.strip().casefold() in REPORT_WORDS


def report_blocks(services: Services, *, language: str, days: int = 7) -> tuple[str, list[dict[str, Any]], Any]:
    now = utc_now()
    report = gaps_report(services, since=now - dt.timedelta(days=days), until=now, show_people=True)
    # Escaped whole: the only < > & in the report come from what people typed, and a typed
    # "<!channel>" must not ping the owners' channel.
    text = formatting.escape(render(report, "md", language))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
              for chunk in formatting.split_text(text)][:MAX_SECTIONS]
    return formatting.truncate(text, 3000), blocks, report


def slack_client(services: Services) -> WebClient:
    slack = services.settings.slack
    return WebClient(token=slack.bot_token, base_url=slack.api_url)


# ---- periodic work (run by run_due_owner_jobs below, from the scheduler and `copc digest run-due`) -------------------------------------------
def post_weekly_gaps(services: Services, period: str, client: WebClient | None = None) -> str | None:
    """The last 7 days' gaps report and chart in the owners' channel; returns the message ts."""
    channel = services.settings.owners.owners_channel
    if not channel:
        log.info("weekly gaps report %s skipped: owners.owners_channel is not set", period)
        return None
    client = client or slack_client(services)
    language = services.settings.default_language
    text, blocks, report = report_blocks(services, language=language)
    ts = client.chat_postMessage(channel=channel, text=text, blocks=blocks).get("ts")
    if report.weekly:
        client.files_upload_v2(channel=channel, thread_ts=ts, filename=f"copc-gaps-{period}.png",
                               content=weekly_chart_png(report.weekly, language),
                               title=message("report.chart_title", language))
    return ts


def dm_owners_due(services: Services, period: str, client: WebClient | None = None,
                  today: dt.date | None = None) -> dict[str, int]:
    """Each owner gets one DM listing the entries they own that are due for review; {user: n}."""
    client = client or slack_client(services)
    sent: dict[str, int] = {}
    for user_id, due in due_by_person(services, today).items():
        person = services.directory.person(user_id)
        language = person.language if person else services.settings.default_language
        lines = "\n".join(f"• `{s.entry_id}` {formatting.escape(s.title)} ({s.reviewed.isoformat()})" for s in due[:40])
        client.chat_postMessage(channel=user_id, text=message("feedback.owner_due", language, n=len(due), entries=lines))
        sent[user_id] = len(due)
    return sent


def purge_retention(services: Services, period: str) -> dict[str, int]:
    return purge_expired(services.store, services.settings.owners.retention_days)


@dataclass(frozen=True)
class Job:
    name: str
    cadence: str  # weekly | monthly | daily: the period key is ISO week, month or day
    function: Callable[..., Any]  # (services, period[, client])
    needs_slack: bool = False


JOBS = (
    Job("owners_weekly_gaps", "weekly", post_weekly_gaps, needs_slack=True),  # Monday morning, "2026-W49"
    Job("owners_monthly_review", "monthly", dm_owners_due, needs_slack=True),  # the 1st, "2026-12"
    Job("feedback_retention_purge", "daily", purge_retention),  # once a day, "2026-12-02"
)


@dataclass(frozen=True)
class JobRun:
    job: str
    period: str
    status: str  # done | failed (retried at the next check after a few minutes)
    late: bool
    detail: str = ""


def run_due_owner_jobs(services: Services, *, client: WebClient | None = None,
                       now: dt.datetime | None = None) -> list[JobRun]:
    """Run each owners' job whose period has come, exactly once per period across replicas and
    cron (the shared run ledger, assistant.scheduling); a failed run is retried after 10 minutes."""
    from assistant.scheduling import Ledger, Schedule

    now = now or dt.datetime.now(dt.timezone.utc)
    settings = services.settings
    ledger = Ledger(services.store, lease_seconds=settings.digests.lease_seconds)
    done: list[JobRun] = []
    for job in JOBS:
        weekday = 0  # weekly gaps post: Monday morning
        due = Schedule(job.cadence, at=settings.owners.jobs_at, timezone=settings.metrics.timezone,
                       weekday=weekday).due(now, grace=dt.timedelta(minutes=settings.digests.grace_minutes))
        if due is None:
            continue
        run = ledger.claim(f"owners:{job.name}", due.period, late=due.late, now=now)
        if run is None:
            continue  # another replica (or an earlier check) has this period
        try:
            result = job.function(services, due.period, client) if job.needs_slack else job.function(services, due.period)
        except Exception as exc:  # noqa: BLE001 - logged, and the period is tried again later
            log.exception("owners job %s for %s failed", job.name, due.period)
            ledger.retry_later(run, now + dt.timedelta(minutes=10), detail=f"{type(exc).__name__}: {exc}"[:200])
            done.append(JobRun(job.name, due.period, "failed", due.late, type(exc).__name__))
            continue
        ledger.finish(run, "done", detail=str(result)[:200])
        done.append(JobRun(job.name, due.period, "done", due.late))
    return done
