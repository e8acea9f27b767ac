"""Owners' gaps report on a generated month of traffic: time and peak memory.

    python benchmarks/owners_report.py [--n 10000] [--json]

Builds the real report (real embedding model for grouping, SQLite store in a temp folder) and
prints seconds to build it (model already loaded, as in a running server), peak RSS of the
process, and what the report found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.base.settings import load_settings  # noqa: E402
from assistant.base.store import Store  # noqa: E402
from assistant.composition.owners import gaps_report  # noqa: E402
from assistant.composition.services import Services  # noqa: E402
from assistant.feedback.chart import weekly_chart_png  # noqa: E402
from assistant.feedback.report_render import render  # noqa: E402
from tests.fixtures.traffic import generate  # noqa: E402


class _PeakRss:
    """Samples this process's RSS every 5 ms on a thread: the peak while the report is built."""

    def __init__(self) -> None:
        import psutil

        self._proc = psutil.Process()
        self.before = self._proc.memory_info().rss
        self.peak = self.before
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._proc.memory_info().rss)

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)
        return self.peak / 2**20, self.before / 2**20


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="copc-owners-bench-"))
    settings = load_settings(data_dir=tmp, store_url=f"sqlite:///{tmp / 'copc.db'}")
    services = Services(settings)
    services.create_tables()
    services.assistant.embedder.encode_queries(["warm up"])  # a server has its model loaded
    now = dt.datetime.now(dt.timezone.utc)
    ids = sorted(services.assistant.kb.entries)
    made = generate(services.store, ids, n=args.n, end=now)
    sampler = _PeakRss()
    started = time.perf_counter()
    report = gaps_report(services, since=now - dt.timedelta(days=31), until=now, show_people=True)
    for fmt in ("table", "md", "csv", "json"):
        render(report, fmt, "en")
    png = weekly_chart_png(report.weekly, "en")
    seconds = time.perf_counter() - started
    during_mb, before_mb = sampler.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"questions": report.questions, "generated": made, "gap_questions": report.gap_questions,
              "gap_topics": len(report.gaps), "top_gap_counts": [t.count for t in report.gaps[:6]],
              "downvotes": report.downvote_total, "build_seconds": round(seconds, 2),
              "rss_before_build_mb": round(before_mb), "peak_rss_during_build_mb": round(during_mb),
              "build_growth_mb": round(during_mb - before_mb), "process_peak_rss_mb": round(peak_mb), "png_bytes": len(png)}
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return result


if __name__ == "__main__":
    main()
