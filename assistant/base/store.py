"""Engine and session factory for the shared store."""

from __future__ import annotations

import math
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


T = TypeVar("T")

DEFAULT_TIMEOUT_SECONDS = 3.0


class Base(DeclarativeBase):
    pass


class StoreTimeout(Exception):
    """A store call did not finish within its deadline (the store may be down or unresponsive)."""


def _deadline_args(url: str, timeout: float) -> dict[str, Any]:
    """Driver settings that bound every store call (a store that accepts connections but never
    answers used to hold a KPI answer for 131 s).

    PostgreSQL: connect timeout (libpq counts whole seconds, at least 2) and server-side statement
    and lock timeouts. SQLite: the busy timeout (a locked file waits this long, then fails).
    MySQL: connect/read/write timeouts.
    """
    ms = int(timeout * 1000)
    if url.startswith("postgresql"):
        return {"connect_args": {"connect_timeout": max(2, math.ceil(timeout)),
                                 "options": f"-c statement_timeout={ms} -c lock_timeout={ms}"}}
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": timeout}}
    if url.startswith(("mysql", "mariadb")):
        secs = max(1, math.ceil(timeout))
        return {"connect_args": {"connect_timeout": secs, "read_timeout": secs, "write_timeout": secs}}
    return {}


class Store:
    """Owns the engine; tables are created on first use (no migration tool yet: schema v1)."""

    def __init__(self, url: str, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.timeout_seconds = timeout_seconds
        self.engine: Engine = create_engine(url, pool_pre_ping=True, pool_timeout=timeout_seconds,
                                            **_deadline_args(url, timeout_seconds))
        # Calls that must finish in time (``run``) each get a daemon thread: driver timeouts do not
        # cover a server that stops answering on an open connection, a wall-clock wait does. A
        # thread stuck on such a connection holds a slot, so at most 4 can pile up; daemon threads
        # (not a ThreadPoolExecutor, whose threads are joined at exit) never keep a CLI from exiting.
        self._slots = threading.BoundedSemaphore(4)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._created = 0  # number of registered tables already created
        # Several Slack worker threads may hit a fresh database at once; one creates the tables.
        self._create_lock = threading.Lock()

    def _ensure_tables(self) -> None:
        # Features register their tables on ``Base`` when their module is imported (the base knows
        # none of them); whenever more tables are known than at the last check, create the missing
        # ones (``create_all`` skips existing tables).
        known = len(Base.metadata.tables)
        if self._created == known:
            return
        with self._create_lock:
            if self._created != known:
                Base.metadata.create_all(self.engine)
                self._created = known

    def run(self, fn: Callable[[Session], T], *, timeout: float | None = None) -> T:
        """``fn(session)`` in one transaction, finished within ``timeout`` (default: the store's
        deadline) or StoreTimeout. Any other failure (store down, constraint) is raised as is."""
        limit = self.timeout_seconds if timeout is None else timeout
        deadline = time.monotonic() + limit
        if not self._slots.acquire(timeout=limit):
            raise StoreTimeout(f"the store did not answer within {limit:g} s (earlier calls still stuck)")
        outcome: dict[str, Any] = {}
        done = threading.Event()

        def call() -> None:
            try:
                with self.session() as session:
                    outcome["value"] = fn(session)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                outcome["error"] = exc
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=call, name="store-call", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            raise StoreTimeout(f"the store did not answer within {limit:g} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    @contextmanager
    def session(self) -> Iterator[Session]:
        self._ensure_tables()
        with self._sessions() as session, session.begin():
            yield session
