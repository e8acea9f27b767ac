"""Digest fixtures: the KPI demo database (tests/fixtures/kpi.py) and a poster that records posts."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from assistant.digests.runner import DigestRunner, TargetGone
from tests.fixtures.kpi import *  # noqa: F401,F403


class RecordingPoster:
    """The Poster protocol in memory: what was posted where, with the run key; targets can vanish."""

    def __init__(self):
        self.posts: list[dict] = []
        self.notes: list[tuple[str, str]] = []
        self.gone: dict[str, str] = {}  # target -> "channel" | "user"
        self._lock = threading.Lock()

    def post(self, target, text, *, key, chart=None):
        if target in self.gone:
            raise TargetGone(self.gone[target])
        with self._lock:
            self.posts.append({"target": target, "text": text, "key": key, "chart": chart})

    def was_posted(self, target, key):
        return any(p["key"] == key for p in self.posts)

    def notify(self, user, text):
        self.notes.append((user, text))

    def keys(self):
        return [p["key"] for p in self.posts]


@pytest.fixture
def poster():
    return RecordingPoster()


@pytest.fixture
def kpi(settings, kb, store):
    from metrics_adapter.service import KpiService

    svc = KpiService(settings, kb, store)
    yield svc
    svc.close()


@pytest.fixture
def runner(kpi, store, poster, settings):
    return DigestRunner(kpi, store, poster, settings.digests)


LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
