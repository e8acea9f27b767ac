"""Everything the listeners share, built once per process."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from assistant.config import Settings
from assistant.service import Assistant
from assistant.store.db import Store

from .channels import ChannelsConfig
from .dedupe import Deduper, build_deduper

log = logging.getLogger(__name__)


def load_directory_or_none(settings: Settings) -> Any | None:
    """The people directory (Slack user -> role, teams, language) if the KPI part provides one.

    Without it the bot still works: languages then come from the question or the channel.
    """
    try:
        from metrics_adapter.directory import load_directory
    except ImportError as exc:
        log.warning("no people directory (metrics_adapter.directory not importable: %s); "
                    "answer languages come from the question and the channel only", exc)
        return None
    return load_directory(settings)  # a broken directory file is a configuration error: fail at start


@dataclass
class BotContext:
    settings: Settings
    assistant: Assistant
    store: Store
    channels: ChannelsConfig
    deduper: Deduper
    executor: ThreadPoolExecutor
    directory: Any | None = None
    _pending: set[Future] = field(default_factory=set, repr=False)

    @classmethod
    def create(
        cls,
        settings: Settings,
        *,
        assistant: Assistant | None = None,
        store: Store | None = None,
        deduper: Deduper | None = None,
    ) -> "BotContext":
        """Build the shared context; tests pass one warmed-up Assistant to several apps."""
        slack = settings.slack
        store = store or Store(settings.resolved_store_url, timeout_seconds=settings.store_timeout_seconds)
        # Create the tables now, in one thread: Store creates them lazily on first use, and
        # several answer threads doing that at once on a fresh database collide.
        with store.session():
            pass
        return cls(
            settings=settings,
            assistant=assistant or Assistant(settings),
            store=store,
            channels=ChannelsConfig.load(slack.channels_path),
            deduper=deduper
            or build_deduper(settings.redis_url, prefix=slack.dedupe_prefix, ttl_seconds=slack.dedupe_ttl_seconds),
            executor=ThreadPoolExecutor(max_workers=slack.workers, thread_name_prefix="copc-answer"),
            directory=load_directory_or_none(settings),
        )

    def person_language(self, user_id: str | None) -> str | None:
        if self.directory is None or not user_id:
            return None
        person = self.directory.person(user_id)
        return getattr(person, "language", None) if person else None

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        """Run slow work off Bolt's listener pool; unexpected errors are logged, never lost."""
        future = self.executor.submit(fn, *args, **kwargs)
        self._pending.add(future)

        def _done(f: Future) -> None:
            self._pending.discard(f)
            if f.exception() is not None:
                log.error("background task %s failed", getattr(fn, "__name__", fn), exc_info=f.exception())

        future.add_done_callback(_done)
        return future

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until submitted work is finished (graceful shutdown, tests, benchmarks)."""
        from concurrent.futures import wait

        wait(list(self._pending), timeout=timeout)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=False)
