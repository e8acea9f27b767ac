"""Exactly once on real infrastructure: `copc digest run-due` as separate OS processes (two replicas
at a time, started three times over) against the real PostgreSQL store and the fake Slack, and a
replica killed (SIGKILL) in the middle of a run whose work another replica then finishes."""

from __future__ import annotations

import collections
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.base.store import Store
from assistant.composition import tables as _tables  # noqa: F401  (every table on Base)
from assistant.digests.subscriptions import Subscriptions
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.fixtures.kpi import TZ
from tests.fixtures.pg import pg_url  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
TEAMS = {"U0SUP00001": ["phoenix", "orion"], "U0SUP00002": ["atlas"], "U0SUP00003": ["halcon"],
         "U0SUP00004": ["condor", "quetzal"], "U0MGR00001": ["phoenix", "atlas", "halcon"]}


def _env(fake: FakeSlack, store_url: str, data_dir: Path, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COPC_", "SLACK_")) and "PROXY" not in k.upper()}
    env.update({
        "PYTHONPATH": str(ROOT), "COPC_CONFIG": "", "COPC_STORE_URL": store_url,
        "COPC_DATA_DIR": str(data_dir), "COPC_METRICS__TIMEZONE": TZ, "COPC_SLACK__BOT_TOKEN": BOT_TOKEN,
        "COPC_SLACK__API_URL": fake.api_url, "COPC_DIGESTS__LEASE_SECONDS": "8",
        "COPC_DIGESTS__DIGESTS_PATH": str(tmp_path / "no-digests.yaml"),
    })
    return env


def _replica(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "assistant.cli.main", "digest", "run-due", "--json"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _add(store: Store, n: int, start: int) -> list[str]:
    subs = Subscriptions(store)
    keys = []
    owners = list(TEAMS)
    for i in range(start, start + n):
        owner = owners[i % len(owners)]
        f = subs.add(kind="digest", owner=owner, target=owner if i % 2 else f"C0ROOM{i:04d}",
                     metrics=["service_level", "aht"], teams=TEAMS[owner], cadence="daily", at="00:00", weekday=0,
                     timezone=TZ, language="en", chart=False,
                     created_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
        keys.append(f.key)
    return keys


def _posted_keys(fake: FakeSlack) -> list[str]:
    with fake._lock:
        return [m["metadata"]["event_payload"]["key"] for msgs in fake.history.values() for m in msgs if "metadata" in m]


def _today() -> str:
    import zoneinfo

    return dt.datetime.now(zoneinfo.ZoneInfo(TZ)).date().isoformat()


@pytest.mark.timeout(300)
def test_two_replicas_three_restarts_and_a_kill_mid_run_post_each_digest_exactly_once(pg_url, demo_dir, tmp_path):  # noqa: F811
    store = Store(pg_url)
    with store.session():
        pass
    with FakeSlack() as fake:
        env = _env(fake, pg_url, demo_dir, tmp_path)
        expected: list[str] = []
        for round_ in range(3):  # each round: new follows appear, then two replicas start at once
            expected += _add(store, 12, round_ * 12)
            procs = [_replica(env), _replica(env)]
            outs = [p.communicate(timeout=120) for p in procs]
            assert all(p.returncode == 0 for p in procs), outs
            keys = _posted_keys(fake)
            assert collections.Counter(keys).most_common(1)[0][1] == 1, "a digest was posted twice"
            assert sorted(keys) == sorted(f"{k}/{_today()}" for k in expected)
        # a replica dies in the middle of posting: Slack has received some messages it never heard back about
        expected += _add(store, 24, 36)
        fake.post_delay = 0.6
        victim = _replica(env)
        deadline = time.monotonic() + 60
        while len(_posted_keys(fake)) < 36 + 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        victim.send_signal(signal.SIGKILL)
        victim.communicate()
        in_flight = len(_posted_keys(fake)) - 36
        assert 0 < in_flight < 24, "the kill must land mid-run"
        fake.post_delay = 0.0
        time.sleep(8.5)  # the dead replica's lease runs out
        procs = [_replica(env), _replica(env)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert all(p.returncode == 0 for p in procs), outs
        keys = _posted_keys(fake)
        dupes = [k for k, n in collections.Counter(keys).items() if n > 1]
        assert dupes == []
        assert sorted(keys) == sorted(f"{k}/{_today()}" for k in expected)
        # the takeovers are in the ledger: a second attempt for the runs the dead replica held
        from assistant.scheduling import Ledger

        runs = Ledger(store).runs("sub:")
        assert all(r.status == "done" for r in runs) and any(r.attempt == 2 for r in runs)
    store.engine.dispose()
