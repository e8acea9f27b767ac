"""KPIs that come to people, measured (README "Digests, alerts and trend charts").

    python benchmarks/kpi_push.py [--subscriptions 1000] [--json]

1. Chart rendering: p50/p95 of a trend answer (series from the source + PNG + table), warm.
2. One digest of 10 metrics for 6 teams (numbers, what stands out, chart): median build+post time.
3. N subscriptions due at the same minute, posted through the real Slack client (429 handling,
   Retry-After) to the fake Slack with Slack's per-channel limit (1 message/s) switched on, over the
   real PostgreSQL store (a throw-away database): wall time, posts, 429s, duplicates.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TZ = "America/Mexico_City"
TEAMS = ["phoenix", "atlas", "orion", "halcon", "condor", "quetzal"]
TEN = ["service_level", "asa", "abandonment_rate", "aht", "fcr", "csat", "transaction_accuracy",
       "schedule_adherence", "occupancy", "absenteeism"]


def _directory(path: Path, n: int) -> None:
    """The shipped teams plus n supervisors (the benchmark's subscribers)."""
    import yaml

    shipped = yaml.safe_load((ROOT / "config" / "directory.yaml").read_text(encoding="utf-8"))
    people = shipped["people"] + [
        {"user_id": f"U0BEN{i:05d}", "name": f"Bench {i}", "role": "supervisor", "teams": [TEAMS[i % 6], TEAMS[(i + 1) % 6]]}
        for i in range(n)]
    path.write_text(yaml.safe_dump({"teams": shipped["teams"], "people": people}, allow_unicode=True), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import sqlalchemy
    from slack_sdk import WebClient

    from assistant.base.caller import Caller
    from assistant.base.settings import load_settings
    from assistant.base.store import Store
    from assistant.composition import tables as _tables  # noqa: F401
    from assistant.digests.runner import DigestRunner
    from assistant.digests.subscriptions import Subscriptions
    from bot.charts import SlackPoster
    from bot.responder import retry_handlers
    from metrics_adapter.demo import ensure_demo_db
    from metrics_adapter.service import KpiService
    from tests.fakes.slack import BOT_TOKEN, FakeSlack

    tmp = Path(tempfile.mkdtemp(prefix="kpi-push-"))
    _directory(tmp / "directory.yaml", args.subscriptions)
    import zoneinfo

    today = dt.datetime.now(zoneinfo.ZoneInfo(TZ)).date()
    ensure_demo_db(tmp, today)
    admin = sqlalchemy.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test", isolation_level="AUTOCOMMIT")
    db = f"copc_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(sqlalchemy.text(f'CREATE DATABASE "{db}"'))
    store_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{db}"
    out: dict = {}
    try:
        settings = load_settings(data_dir=tmp, store_url=store_url,
                                 metrics={"timezone": TZ, "directory_path": str(tmp / "directory.yaml")},
                                 digests={"digests_path": str(tmp / "none.yaml")})
        store = Store(store_url)
        kpi = KpiService(settings, None, store)
        op = Caller.local_operator()

        # 1. charts
        kpi.trend(None, metric="aht", team="phoenix", language="en", caller=op)
        times = []
        for i in range(40):
            start = time.perf_counter()
            kpi.trend(None, metric=("aht", "service_level")[i % 2], team=TEAMS[i % 6],
                      window=("last 8 weeks", "last 14 days")[i % 2], language=("en", "es")[i % 2], caller=op)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out["chart_ms"] = {"p50": round(statistics.median(times), 1), "p95": round(times[int(len(times) * 0.95) - 1], 1),
                           "n": len(times)}

        with FakeSlack() as fake:
            client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, retry_handlers=retry_handlers())
            subs = Subscriptions(store)
            long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

            # 2. one big digest (10 metrics x 6 teams, with a chart), built and posted
            builds = []
            for i in range(5):
                big = subs.add(kind="digest", owner="U0MGR00001", target="U0MGR00001", metrics=TEN, teams=TEAMS,
                         cadence="daily", at="00:00", weekday=0, timezone=TZ, language="en", chart=True,
                         created_at=long_ago)
                runner = DigestRunner(kpi, store, SlackPoster(client), settings.digests)
                start = time.perf_counter()
                report = runner.run_due()
                builds.append((time.perf_counter() - start) * 1000)
                assert report.posted == 1, report
                subs.disable(big.row_id, "benchmark")
            out["digest_10x6_ms"] = {"median": round(statistics.median(builds[1:]), 1), "max": round(max(builds[1:]), 1)}

            # 3. N subscriptions due at one minute: 90% personal DMs, 10% channel digests, 10 to a channel
            # and created one after another, so the workers post to the same channel at once (429s)
            fake.clear()
            fake.history.clear()
            fake.channel_rate_limit = 1.0
            n = args.subscriptions
            for i in range(n):
                owner = f"U0BEN{i:05d}"
                target = f"C0BENCH{i // 10:03d}" if i < n // 10 else owner
                subs.add(kind="digest", owner=owner, target=target, metrics=["service_level", "aht"],
                         teams=[TEAMS[i % 6]], cadence="daily", at="00:00", weekday=0, timezone=TZ,
                         language="en", chart=False, created_at=long_ago)
            runner = DigestRunner(kpi, store, SlackPoster(client), settings.digests)
            start = time.perf_counter()
            report = runner.run_due()
            wall = time.perf_counter() - start
            with fake._lock:
                keys = [m["metadata"]["event_payload"]["key"] for msgs in fake.history.values() for m in msgs
                        if "metadata" in m]
            dupes = sum(1 for c in collections.Counter(keys).values() if c > 1)
            out["due_at_once"] = {"subscriptions": n, "posted": report.posted, "seconds": round(wall, 1),
                                  "rate_limited_429": fake.rate_limited, "duplicates": dupes,
                                  "retried": report.retried, "failed": report.failed,
                                  "workers": settings.digests.workers}

            # 4. the same again with two replicas at once (two runners, each its own ledger owner)
            import threading

            from assistant.scheduling import Ledger

            fake.clear()
            fake.history.clear()
            fake.rate_limited = 0
            with store.session() as sess:
                sess.execute(sqlalchemy.text("DELETE FROM scheduled_runs WHERE job LIKE 'sub:%'"))
            reports = []
            runners = [DigestRunner(kpi, store, SlackPoster(client), settings.digests,
                                    ledger=Ledger(store, owner=f"replica-{r}")) for r in range(2)]
            threads = [threading.Thread(target=lambda r=r: reports.append(r.run_due())) for r in runners]
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - start
            with fake._lock:
                keys = [m["metadata"]["event_payload"]["key"] for msgs in fake.history.values() for m in msgs
                        if "metadata" in m]
            out["two_replicas"] = {"posted": sum(r.posted for r in reports), "seconds": round(wall, 1),
                                   "rate_limited_429": fake.rate_limited,
                                   "duplicates": sum(1 for c in collections.Counter(keys).values() if c > 1),
                                   "failed": sum(r.failed for r in reports), "retried": sum(r.retried for r in reports)}
        kpi.close()
        store.engine.dispose()
    finally:
        with admin.connect() as c:
            c.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        admin.dispose()
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        c, d, a = out["chart_ms"], out["digest_10x6_ms"], out["due_at_once"]
        print(f"chart (series + PNG + table): p50 {c['p50']} ms, p95 {c['p95']} ms over {c['n']} warm renders")
        print(f"digest 10 metrics x 6 teams (with chart, posted): median {d['median']} ms, max {d['max']} ms")
        print(f"{a['subscriptions']} subscriptions due at one minute: {a['posted']} posted in {a['seconds']} s, "
              f"{a['rate_limited_429']} answered 429 and retried, {a['duplicates']} duplicates, "
              f"{a['retried']} to retry, {a['failed']} failed ({a['workers']} workers)")
        b = out["two_replicas"]
        print(f"same, two replicas at once: {b['posted']} posted in {b['seconds']} s, {b['rate_limited_429']} answered "
              f"429 and retried, {b['duplicates']} duplicates, {b['retried']} to retry, {b['failed']} failed")


if __name__ == "__main__":
    main()
