"""Exactly-once claims for Slack deliveries: in memory for one process, Redis for several replicas.

Slack retries an event it thinks was not acknowledged (same ``event_id``) and sends one @mention
both as ``app_mention`` and as ``message``; each delivery is answered only if its keys are claimed
here first.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

log = logging.getLogger(__name__)


class Deduper(Protocol):
    def claim(self, key: str) -> bool:
        """True the first time ``key`` is claimed within the TTL, False for every repeat."""


class MemoryDeduper:
    """Per-process claims with a TTL (enough for a single instance)."""

    def __init__(self, ttl_seconds: int = 3600, max_keys: int = 100_000):
        self.ttl = ttl_seconds
        self.max_keys = max_keys
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            expires = self._seen.get(key)
            if expires is not None and expires > now:
                return False
            if len(self._seen) >= self.max_keys:
                self._purge(now)
            self._seen[key] = now + self.ttl
            return True

    def _purge(self, now: float) -> None:
        for k in [k for k, exp in self._seen.items() if exp <= now]:
            del self._seen[k]
        # Still full of live keys: drop the oldest half rather than grow without bound.
        if len(self._seen) >= self.max_keys:
            for k in sorted(self._seen, key=self._seen.__getitem__)[: self.max_keys // 2]:
                del self._seen[k]


class RedisDeduper:
    """Claims shared by every replica: ``SET key 1 NX EX ttl`` is atomic in Redis."""

    def __init__(self, url: str, *, prefix: str, ttl_seconds: int = 3600, client=None):
        import redis  # imported here: single-instance deployments do not need it

        self.prefix = prefix
        self.ttl = ttl_seconds
        self.client = client or redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def ping(self) -> None:
        self.client.ping()

    def claim(self, key: str) -> bool:
        import redis

        try:
            return bool(self.client.set(self.prefix + key, b"1", nx=True, ex=self.ttl))
        except redis.RedisError as exc:
            # Answering twice is better than never answering: fail open, loudly.
            log.warning("Redis dedupe unavailable (%s); handling %s without a shared claim", type(exc).__name__, key)
            return True


def build_deduper(redis_url: str | None, *, prefix: str, ttl_seconds: int) -> Deduper:
    if redis_url:
        return RedisDeduper(redis_url, prefix=prefix, ttl_seconds=ttl_seconds)
    return MemoryDeduper(ttl_seconds)
