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

    @contextmanager
    def session(self) -> Iterator[Session]:
        self._ensure_tables()
        with self._sessions() as session, session.begin():
            yield session
