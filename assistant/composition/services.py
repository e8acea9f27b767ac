"""Everything a process shares, built once: settings, store, people directory and the assistant.

Surfaces (the CLI, the Slack bot, benchmarks) create one ``Services`` and ask it for what they
need; nothing below this layer builds a second store or loads the directory again.
"""

from __future__ import annotations

import threading
from functools import cached_property

from assistant.base.settings import Settings, get_settings
from assistant.base.store import Store
from assistant.composition import tables as _tables  # noqa: F401  (every feature's tables on Base)
from assistant.composition.assistant import Assistant
from assistant.people.directory import Directory, load_directory


class Services:
    def __init__(self, settings: Settings | None = None, *, store: Store | None = None,
                 directory: Directory | None = None, assistant: Assistant | None = None):
        self.settings = settings or get_settings()
        self._lock = threading.Lock()
        if store is not None:
            self.__dict__["store"] = store
        if directory is not None:
            self.__dict__["directory"] = directory
        if assistant is not None:
            self.__dict__["assistant"] = assistant

    @cached_property
    def store(self) -> Store:
        with self._lock:
            return Store(self.settings.resolved_store_url)

    @cached_property
    def directory(self) -> Directory:
        """A broken directory file is a configuration error: it stops the program at start."""
        with self._lock:
            return load_directory(self.settings)

    @cached_property
    def assistant(self) -> Assistant:
        # The directory is handed over lazily: a knowledge question never needs to read it.
        assistant = Assistant(self.settings, store=self.store)
        assistant.directory_provider = lambda: self.directory
        return assistant

    def create_tables(self) -> None:
        """Create every feature's tables now, in one thread (several answer threads creating them
        at once on a fresh database collide)."""
        with self.store.session():
            pass
