"""A store per test on SQLite and on the real PostgreSQL (the owners' tables run on both)."""

from __future__ import annotations

import pytest

from assistant.base.store import Store
from assistant.composition import tables as _tables  # noqa: F401  (every feature's tables)
from tests.fixtures.pg import throwaway_database


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'copc.db'}")
        yield s
        s.engine.dispose()
        return
    with throwaway_database("copc_owners") as url:
        s = Store(url)
        yield s
        s.engine.dispose()
