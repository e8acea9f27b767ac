"""Engine and session factory for the shared store."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


class Store:
    """Owns the engine; tables are created on first use (no migration tool yet: schema v1)."""

    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._created = False
        # Several Slack worker threads may hit a fresh database at once; one creates the tables.
        self._create_lock = threading.Lock()

    def _ensure_tables(self) -> None:
        if self._created:
            return
        with self._create_lock:
            if not self._created:
                # Import every table module so their classes are registered on Base.
                from . import tables  # noqa: F401

                Base.metadata.create_all(self.engine)
                self._created = True

    @contextmanager
    def session(self) -> Iterator[Session]:
        self._ensure_tables()
        with self._sessions() as session, session.begin():
            yield session
