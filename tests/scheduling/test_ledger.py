"""The run ledger: one claim per (job, period) among any number of threads/engines, takeover of a
dead holder's run after its lease, retries, and the periods a schedule is due for."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from assistant.base.store import Store
from assistant.scheduling import Ledger, Schedule
from tests.fixtures.pg import pg_url  # noqa: F401

UTC = dt.timezone.utc


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    return request.getfixturevalue("pg_url")


def _race(store_url: str, n: int, job: str, period: str) -> list:
    """n claimers, each with its own engine (as separate replicas would have), released together."""
    stores = [Store(store_url) for _ in range(n)]
    for s in stores:
        with s.session():
            pass  # tables exist before the race: the race is about the claim
    barrier = threading.Barrier(n)
    results = [None] * n

    def claim(i: int) -> None:
        barrier.wait()
        results[i] = Ledger(stores[i], owner=f"replica-{i}").claim(job, period)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.engine.dispose()
    return results


def test_exactly_one_of_many_concurrent_claimers_wins(store_url):
    results = _race(store_url, 8, "digest:1", "2026-12-02")
    assert sum(r is not None for r in results) == 1
    # and a later claim of the same period gets nothing
    assert Ledger(Store(store_url), owner="late").claim("digest:1", "2026-12-02") is None
    # another period or job is a separate run
    assert Ledger(Store(store_url), owner="x").claim("digest:1", "2026-12-03") is not None


def test_a_dead_holder_is_taken_over_once_after_its_lease_with_its_checkpoint(store_url):
    store = Store(store_url)
    t0 = dt.datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    dead = Ledger(store, owner="pod-a", lease_seconds=60)
    run = dead.claim("digest:7", "2026-W49", now=t0)
    dead.note(run, stage="posting:digest:7/2026-W49")
    # within the lease nobody else gets it
    assert Ledger(store, owner="pod-b", lease_seconds=60).claim("digest:7", "2026-W49", now=t0 + dt.timedelta(seconds=30)) is None
    later = t0 + dt.timedelta(seconds=61)
    b, c = Ledger(store, owner="pod-b"), Ledger(store, owner="pod-c")
    taken = [b.claim("digest:7", "2026-W49", now=later), c.claim("digest:7", "2026-W49", now=later)]
    winners = [r for r in taken if r is not None]
    assert len(winners) == 1
    assert winners[0].attempt == 2 and winners[0].stage == "posting:digest:7/2026-W49"
    # the dead holder's late writes no longer count
    dead.finish(run, "done")
    assert Ledger(store).get("digest:7", "2026-W49").status == "running"
    (b if taken[0] else c).finish(winners[0], "done", detail="ok")
    row = Ledger(store).get("digest:7", "2026-W49")
    assert (row.status, row.owner, row.attempt) == ("done", winners[0].owner, 2)


def test_retry_later_gives_the_period_back_only_when_due(store_url):
    store = Store(store_url)
    t0 = dt.datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    ledger = Ledger(store, owner="a")
    run = ledger.claim("alert:3", "2026-12-02", now=t0)
    ledger.retry_later(run, t0 + dt.timedelta(minutes=10), detail="source down")
    assert ledger.claim("alert:3", "2026-12-02", now=t0 + dt.timedelta(minutes=5)) is None
    again = ledger.claim("alert:3", "2026-12-02", now=t0 + dt.timedelta(minutes=10))
    assert again is not None and again.attempt == 2
    ledger.finish(again, "done")
    assert ledger.claim("alert:3", "2026-12-02", now=t0 + dt.timedelta(days=1)) is None


def test_daily_and_weekly_periods_in_local_time():
    s = Schedule("daily", "08:00", "America/Mexico_City")
    # 13:59 UTC is 07:59 in Mexico City: today's 08:00 has not come, so yesterday's period
    assert s.due(dt.datetime(2026, 12, 2, 13, 59, tzinfo=UTC)).period == "2026-12-01"
    due = s.due(dt.datetime(2026, 12, 2, 14, 0, tzinfo=UTC))
    assert (due.period, due.late) == ("2026-12-02", False)
    assert s.due(dt.datetime(2026, 12, 2, 16, 0, tzinfo=UTC)).late  # two hours after: caught up, marked late
    w = Schedule("weekly", "09:30", "Europe/Madrid", weekday=0)
    assert w.due(dt.datetime(2026, 12, 2, 12, 0, tzinfo=UTC)).period == "2026-W49"  # Monday Nov 30
    assert w.due(dt.datetime(2026, 11, 30, 8, 0, tzinfo=UTC)).period == "2026-W48"  # before 09:30 Madrid


def test_a_long_outage_is_caught_up_once_and_a_new_follow_waits_for_its_first_time():
    s = Schedule("daily", "08:00", "UTC")
    # down for three days: one due period (the latest), not three
    due = s.due(dt.datetime(2026, 12, 5, 12, 0, tzinfo=UTC))
    assert due.period == "2026-12-05" and due.late
    created = dt.datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert s.due(dt.datetime(2026, 12, 5, 12, 0, tzinfo=UTC), not_before=created) is None
    assert s.due(dt.datetime(2026, 12, 6, 8, 1, tzinfo=UTC), not_before=created).period == "2026-12-06"


def test_bad_schedules_are_refused():
    with pytest.raises(ValueError, match="HH:MM"):
        Schedule("daily", "25:00", "UTC")
    with pytest.raises(ValueError, match="cadence"):
        Schedule("hourly", "08:00", "UTC")  # type: ignore[arg-type]
