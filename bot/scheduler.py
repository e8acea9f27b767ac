"""The schedule inside `copc serve`: digests and alerts, and the knowledge owners' jobs (weekly gaps
post, monthly review DMs, daily retention purge). The digest/alert schedule: APScheduler checks what is due every
``digests.check_seconds``. Several replicas (and a cron job running `copc digest run-due`) may all
do this: each run is claimed once in the shared store (assistant.scheduling)."""

from __future__ import annotations

import datetime as dt
import logging

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from assistant.composition.services import Services

from bot.charts import SlackPoster
from bot.context import BotContext
from bot.owners import run_due_owner_jobs

log = logging.getLogger(__name__)


def start_scheduler(ctx: BotContext, client: WebClient) -> BackgroundScheduler | None:
    settings = ctx.settings.digests
    if not settings.scheduler:
        log.info("digest scheduler off (digests.scheduler = false): run `copc digest run-due` from cron")
        return None
    runner = ctx.assistant.digest_runner(SlackPoster(client))
    services = Services(ctx.settings, store=ctx.store, assistant=ctx.assistant, directory=ctx.directory)

    def tick() -> None:
        try:
            report = runner.run_due()
            if report.due:
                log.info("digests: %d due, %d posted (%d late), %d retried, %d disabled, %d failed in %.1f s",
                         report.due, report.posted, report.late, report.retried, report.disabled, report.failed,
                         report.seconds)
        except Exception:  # noqa: BLE001 - the next tick tries again; the log has the traceback
            log.exception("digest run failed")
        if ctx.settings.owners.scheduled_jobs:
            try:
                for run in run_due_owner_jobs(services, client=client):
                    log.info("owners job %s for %s: %s%s", run.job, run.period, run.status, " (late)" if run.late else "")
            except Exception:  # noqa: BLE001 - as above
                log.exception("owners jobs failed")

    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    # First check at start: a digest missed while the bot was down is caught up (once, marked late).
    scheduler.add_job(tick, "interval", seconds=settings.check_seconds, id="copc-digests",
                      next_run_time=dt.datetime.now(dt.timezone.utc))
    scheduler.start()
    log.info("digest scheduler started (every %d s)", settings.check_seconds)
    return scheduler
