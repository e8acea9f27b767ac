"""Reliability figures (issue 9) against the real app, real sockets and real stores on 127.0.0.1.

  fuzz:        N fuzzed requests (bodies, headers, timestamps, content types; half signed) -> statuses
  idle:        300 idle + half-open connections held open -> /healthz and a signed mention (ack and
               answer posted) latency; the same 300 against waitress's defaults for comparison
  store:       KPI answer with an unresponsive store (accepts, never replies) and a refusing one
  yaml:        a 700-byte alias bomb through the knowledge loader, time and peak memory

Usage: .venv/bin/python benchmarks/reliability.py [--fuzz 1000] [--json]
"""

from __future__ import annotations

from assistant.base.caller import Caller, cli_caller
import argparse
import http.client
import json
import random

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from tests.fakes.slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, mention, post_event  # noqa: E402


def healthz_ms(port: int, timeout: float = 3.0) -> float | None:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        return (time.perf_counter() - t0) * 1000
    except OSError:
        return None
    finally:
        conn.close()


def hold(port: int, n: int) -> list[socket.socket]:
    socks = []
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if i % 2:
            s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 500\r\n\r\n{")
        socks.append(s)
    time.sleep(0.5)
    return socks


def bench_http(args) -> dict:
    from tests.bot.test_reliability_http import fuzz

    from assistant.base.settings import load_settings
    from assistant.composition.assistant import Assistant
    from bot.app import build_app
    from bot.context import BotContext
    from bot.server import bot_wsgi_app, create_server, health_app

    tmp = Path(tempfile.mkdtemp(prefix="copc-rel-"))
    fake = FakeSlack().start()
    settings = load_settings(store_url=f"sqlite:///{tmp / 'copc.db'}", data_dir=tmp / "var", slack={
        "bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "api_url": fake.api_url,
        "channels_path": str(tmp / "absent.yaml")})
    assistant = Assistant(settings)
    assistant.warm_up()
    ctx = BotContext.create(settings, assistant=assistant)
    server = create_server(bot_wsgi_app(build_app(ctx)), "127.0.0.1", 0, threads=16)
    threading.Thread(target=server.run, daemon=True).start()
    port = server.effective_port
    url = f"http://127.0.0.1:{port}/slack/events"

    t0 = time.perf_counter()
    statuses = fuzz(port, args.fuzz, random.Random(9), fake.response_url())
    fuzz_s = time.perf_counter() - t0
    ctx.wait_idle(120)
    fake.clear()

    held = hold(port, 300)
    health = [healthz_ms(port) for _ in range(20)]
    acks, answers = [], []
    for i in range(10):
        ts = f"{int(time.time())}.{uuid.uuid4().int % 10**6:06d}"
        t0 = time.perf_counter()
        r = post_event(url, mention("what does item 2.3 require?", ts=ts), event_id=f"Ev{uuid.uuid4().hex[:10]}")
        acks.append((time.perf_counter() - t0) * 1000 if r.status_code == 200 else None)
        fake.wait_for("chat.postMessage", where=lambda c, ts=ts: c.body.get("thread_ts") == ts, timeout=30)
        answers.append((time.perf_counter() - t0) * 1000)
    for s in held:
        s.close()
    server.close()
    ctx.shutdown()
    fake.stop()

    # The same 300 connections against waitress's defaults (what main ran before).
    from waitress.server import create_server as waitress_default

    old = waitress_default(health_app(lambda: (True, {})), host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=old.run, daemon=True).start()
    held = hold(old.effective_port, 300)
    old_health = healthz_ms(old.effective_port, timeout=3.0)
    for s in held:
        s.close()
    old.close()

    ok = [h for h in health if h is not None]
    return {
        "fuzz": {"n": args.fuzz, "statuses": dict(sorted(statuses.items())), "5xx": sum(v for k, v in statuses.items() if k >= 500),
                 "seconds": round(fuzz_s, 1)},
        "idle_300": {"healthz_ms": {"n": len(health), "answered": len(ok), "p50": round(statistics.median(ok), 1),
                                    "max": round(max(ok), 1)},
                     "mention_ack_ms": {"n": len(acks), "max": round(max(a for a in acks if a), 1)},
                     "mention_answer_ms": {"n": len(answers), "p50": round(statistics.median(answers), 1),
                                           "max": round(max(answers), 1)},
                     "waitress_defaults_healthz": "timed out after 3 s" if old_health is None else f"{old_health:.0f} ms"},
    }


def bench_store() -> dict:
    from tests.reliability.conftest import SilentServer

    from assistant.base.settings import load_settings
    from assistant.base.store import Store
    from metrics_adapter.demo import ensure_demo_db
    from metrics_adapter.service import KpiService

    tmp = Path(tempfile.mkdtemp(prefix="copc-rel-store-"))
    import datetime as dt
    import zoneinfo

    ensure_demo_db(tmp, dt.datetime.now(zoneinfo.ZoneInfo("America/Mexico_City")).date())
    silent = SilentServer()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    refused_port = probe.getsockname()[1]
    probe.close()
    out = {}
    for name, port in (("unresponsive", silent.port), ("refusing", refused_port)):
        settings = load_settings(data_dir=tmp, store_url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/test")
        times, texts = [], set()
        for _ in range(3):
            svc = KpiService(settings, None, Store(settings.resolved_store_url, timeout_seconds=settings.store_timeout_seconds))
            t0 = time.perf_counter()
            answer = svc.answer("AHT for Phoenix last week", language="en", caller=cli_caller(None))
            times.append(time.perf_counter() - t0)
            texts.add("cannot record" if "can't record" in answer.text else "NUMBERS SHOWN" if answer.metrics else answer.text[:60])
            svc.close()
        out[name] = {"seconds_max": round(max(times), 2), "seconds_min": round(min(times), 2), "answers": sorted(texts)}
    silent.close()
    return out


def bench_yaml() -> dict:
    from tests.reliability.bomb_probe import probe_bomb

    return probe_bomb(Path(tempfile.mkdtemp(prefix="copc-rel-yaml-")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {"yaml_bomb": bench_yaml(), "store": bench_store(), **bench_http(args)}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
