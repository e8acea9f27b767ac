"""Everything the listeners share, built once per process."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from assistant.base.settings import Settings
from assistant.composition.assistant import Assistant
from assistant.composition.services import Services
from assistant.base.store import Store

from bot.channels import ChannelsConfig
from bot.dedupe import Deduper, build_deduper

log = logging.getLogger(__name__)


@dataclass
class BotContext:
    settings: Settings
    assistant: Assistant
    store: Store
    channels: ChannelsConfig
    deduper: Deduper
    executor: ThreadPoolExecutor
    directory: Any | None = None
    services: Services | None = None  # the process's shared services (owners' report, jobs)
    _pending: set[Future] = field(default_factory=set, repr=False)

    @classmethod
    def create(
        cls,
        settings: Settings,
        *,
        services: Services | None = None,
        assistant: Assistant | None = None,
        deduper: Deduper | None = None,
    ) -> "BotContext":
        """Build the shared context from the process's ``Services`` (tests pass one warmed-up
        Assistant to several apps; its store and directory are then the ones used)."""
        slack = settings.slack
        if services is None:
            services = Services(settings, assistant=assistant, store=assistant.store if assistant else None)
        services.create_tables()
        the_assistant = services.assistant
        return cls(
            settings=settings,
            assistant=the_assistant,
            store=services.store,
            channels=ChannelsConfig.load(slack.channels_path),
            deduper=deduper
            or build_deduper(settings.redis_url, prefix=slack.dedupe_prefix, ttl_seconds=slack.dedupe_ttl_seconds),
            executor=ThreadPoolExecutor(max_workers=slack.workers, thread_name_prefix="copc-answer"),
            # A broken directory file is a configuration error: it stops the bot at start.
            directory=the_assistant.directory,
            services=services,
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
