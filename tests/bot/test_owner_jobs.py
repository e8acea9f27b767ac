"""The owners' scheduled jobs run once per period through the shared run ledger: two replicas
checking at the same moment, a second check later in the period, and the next period."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.base.store import Store
from assistant.composition.services import Services
from assistant.scheduling import Schedule
from bot.owners import run_due_owner_jobs, slack_client

pytestmark = pytest.mark.slow
TZ = "America/Mexico_City"


def _services(bot, store=None) -> Services:
    settings = bot.ctx.settings.model_copy(update={
        "owners": bot.ctx.settings.owners.model_copy(update={"owners_channel": "COWNERS", "jobs_at": "07:30"}),
        "metrics": bot.ctx.settings.metrics.model_copy(update={"timezone": TZ}),
    })
    return Services(settings, store=store or bot.ctx.store, assistant=bot.ctx.assistant)


def test_monthly_periods_are_the_first_of_the_month():
    sched = Schedule("monthly", at="07:30", timezone=TZ)
    before = dt.datetime(2026, 12, 1, 13, 0, tzinfo=dt.timezone.utc)  # 07:00 in Mexico City
    after = dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.timezone.utc)
    assert sched.due(before).period == "2026-11" and sched.due(after).period == "2026-12"
    assert sched.due(dt.datetime(2027, 1, 20, tzinfo=dt.timezone.utc)).period == "2027-01"


def test_each_owner_job_runs_once_per_period_across_replicas(fake_slack, start_bot, tmp_path):
    bot = start_bot(fake_slack)
    monday = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.timezone.utc)  # Monday 08:00 in Mexico City
    # A store of this test's own: the ledger remembers every period other tests (or a running
    # `copc serve` scheduler) already claimed in the session's store.
    store = Store(f"sqlite:///{tmp_path / 'jobs.db'}")
    replicas = [_services(bot, store), _services(bot, store)]
    replicas[0].create_tables()
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda s: run_due_owner_jobs(s, client=slack_client(s), now=monday), replicas))
    done = sorted((r.job, r.period) for batch in runs for r in batch)
    assert done == [("feedback_retention_purge", "2026-12-07"), ("owners_monthly_review", "2026-12"),
                    ("owners_weekly_gaps", "2026-W50")]
    gaps_posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.body.get("channel") == "COWNERS"]
    assert len(gaps_posts) == 1
    # Later the same day: nothing is due again. The next day only the purge runs.
    assert run_due_owner_jobs(replicas[0], client=slack_client(replicas[0]), now=monday + dt.timedelta(hours=3)) == []
    tuesday = run_due_owner_jobs(replicas[1], client=slack_client(replicas[1]), now=monday + dt.timedelta(days=1))
    assert [(r.job, r.period) for r in tuesday] == [("feedback_retention_purge", "2026-12-08")]
